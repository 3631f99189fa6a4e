using CsatFunctions.Ledger.Log;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class LogReceiptsFunction(LogReceiptsEndpoint receipts)
{
    [Function(CsatRoutes.LogReceipts)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CsatRoutes.LogReceiptsTemplate)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        receipts.GetAsync(id, cancellationToken);
}
