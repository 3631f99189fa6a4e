using CsatFunctions.Surveys;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class SuppressionFunction(SuppressionEndpoint suppressions)
{
    // "admin" cannot start a route template here (see ScoreRefreshFunction); the endpoint checks Csat__AdminKey.
    [Function("Suppressions")]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", "delete", Route = "{area:regex(^admin$)}/suppressions/{email}")] HttpRequest request,
        string email,
        CancellationToken cancellationToken) =>
        HttpMethods.IsPut(request.Method) ? suppressions.SuppressAsync(email, request, cancellationToken) : suppressions.LiftAsync(email, request, cancellationToken);
}
