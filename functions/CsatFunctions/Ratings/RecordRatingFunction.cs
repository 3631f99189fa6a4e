using CsatFunctions.Ratings;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class RecordRatingFunction(RatingRecorder recorder)
{
    [Function(CsatRoutes.RecordRating)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CsatRoutes.RatingTemplate)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        recorder.RecordAsync(token, request, cancellationToken);
}
