using CsatFunctions.Ratings;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class RatingLinkPageFunction(RatingLinkPage page)
{
    [Function("ShowRating")]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ratings/{token}")] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        page.ShowAsync(token, request, cancellationToken);
}
