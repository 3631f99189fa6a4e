using CsatFunctions.Ratings;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class ShowRatingFunction(RatingLinkPage page)
{
    [Function(CsatRoutes.ShowRating)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CsatRoutes.RatingTemplate)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        page.ShowAsync(token, request, cancellationToken);
}
