using CsatFunctions.Ratings;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class RatingRecorderFunction(RatingRecorder recorder)
{
    [Function("RecordRating")]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "ratings/{token}")] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        recorder.RecordAsync(token, request, cancellationToken);
}
