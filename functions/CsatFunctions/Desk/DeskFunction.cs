using CsatFunctions.Desk;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class DeskFunction(DeskPage endpoint)
{
    [Function(CsatRoutes.Desk)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CsatRoutes.DeskTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        endpoint.GetAsync(request, cancellationToken);
}
