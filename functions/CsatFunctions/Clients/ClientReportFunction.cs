using CsatFunctions.Clients;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class ClientReportFunction(ClientReportEndpoint endpoint)
{
    [Function(CsatRoutes.ClientReport)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CsatRoutes.ClientReportTemplate)] HttpRequest request,
        string company,
        CancellationToken cancellationToken) =>
        endpoint.GetAsync(company, request, cancellationToken);
}
