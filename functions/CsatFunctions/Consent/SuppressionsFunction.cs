using CsatFunctions.Consent;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class SuppressionsFunction(SuppressionEndpoint suppressions)
{
    [Function(CsatRoutes.Suppressions)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "put", "delete", Route = CsatRoutes.SuppressionsTemplate)] HttpRequest request,
        string email,
        CancellationToken cancellationToken) =>
        suppressions.HandleAsync(email, request, cancellationToken);
}
