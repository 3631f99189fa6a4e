using CsatFunctions.Clients;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class SharedReportFunction(SharedReportEndpoint endpoint)
{
    [Function(CsatRoutes.SharedReport)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CsatRoutes.SharedReportTemplate)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        endpoint.GetAsync(token, request, cancellationToken);
}
