using CsatFunctions.Admin;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class FailedSurveysFunction(FailedSurveysEndpoint failed)
{
    [Function(CsatRoutes.FailedSurveys)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CsatRoutes.FailedSurveysTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        failed.GetAsync(cancellationToken);
}
