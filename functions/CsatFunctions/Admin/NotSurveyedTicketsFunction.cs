using CsatFunctions.Admin;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class NotSurveyedTicketsFunction(NotSurveyedTicketsEndpoint notSurveyed)
{
    [Function(CsatRoutes.NotSurveyedTickets)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CsatRoutes.NotSurveyedTicketsTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        notSurveyed.GetAsync(request, cancellationToken);
}
