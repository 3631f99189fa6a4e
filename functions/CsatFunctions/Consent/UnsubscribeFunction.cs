using CsatFunctions.Ratings;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class UnsubscribeFunction(UnsubscribeEndpoint unsubscribe)
{
    [Function(CsatRoutes.Unsubscribe)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = CsatRoutes.UnsubscribeTemplate)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        HttpMethods.IsPost(request.Method) ? unsubscribe.UnsubscribeAsync(token, cancellationToken) : unsubscribe.ShowAsync(token, cancellationToken);
}
