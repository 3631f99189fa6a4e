using CsatFunctions.Scores.Comments;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class RestoreCommentFunction(CommentModerationEndpoint moderation)
{
    [Function(CsatRoutes.RestoreComment)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CsatRoutes.RestoreCommentTemplate)] HttpRequest request,
        string surveyId,
        CancellationToken cancellationToken) =>
        moderation.RestoreAsync(surveyId, request, cancellationToken);
}
