using CsatFunctions.Scores.Comments;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class RemoveCommentFunction(CommentModerationEndpoint moderation)
{
    [Function(CsatRoutes.RemoveComment)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CsatRoutes.RemoveCommentTemplate)] HttpRequest request,
        string surveyId,
        CancellationToken cancellationToken) =>
        moderation.RemoveAsync(surveyId, request, cancellationToken);
}
