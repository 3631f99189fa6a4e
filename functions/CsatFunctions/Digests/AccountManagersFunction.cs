using CsatFunctions.Digests;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class AccountManagersFunction(AccountManagersEndpoint managers)
{
    [Function(CsatRoutes.AccountManagers)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "put", Route = CsatRoutes.AccountManagersTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        managers.HandleAsync(request, cancellationToken);
}
