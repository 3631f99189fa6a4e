using CsatFunctions.Tags;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class TagAnswerFunction(TagsEndpoint endpoint)
{
    [Function(CsatRoutes.TagAnswer)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "put", Route = CsatRoutes.TagAnswerTemplate)] HttpRequest request,
        string surveyId,
        CancellationToken cancellationToken) =>
        endpoint.HandleAsync(surveyId, request, cancellationToken);
}
