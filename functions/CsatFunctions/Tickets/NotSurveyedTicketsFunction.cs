using CsatFunctions.Tickets;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class NotSurveyedTicketsFunction(NotSurveyedTicketsEndpoint notSurveyed)
{
    // "admin" cannot start a route template here (see ScoreRefreshFunction); the endpoint checks Csat__AdminKey.
    [Function("NotSurveyedTickets")]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "{area:regex(^admin$)}/tickets/not-surveyed")] HttpRequest request,
        CancellationToken cancellationToken) =>
        notSurveyed.GetAsync(request, cancellationToken);
}
