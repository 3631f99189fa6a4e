using CsatFunctions.Desk;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class AdminSessionFunction(SessionEndpoint endpoint)
{
    [Function(CsatRoutes.AdminSession)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CsatRoutes.AdminSessionTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        endpoint.HandleAsync(request.HttpContext, cancellationToken);
}
