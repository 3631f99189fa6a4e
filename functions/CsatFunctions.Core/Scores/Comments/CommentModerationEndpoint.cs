using CsatFunctions.Surveys;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Scores.Comments;

/// <summary>
/// <c>POST /api/admin/comments/{surveyId}/remove</c> (form or JSON field <c>reason</c>: personal-data, abusive
/// or spam) and <c>.../restore</c>: the team's moderation. A removed comment shows as a placeholder
/// with its reason, and the public page counts removals by reason. It takes effect at the next refresh.
/// </summary>
public sealed class CommentModerationEndpoint(CommentTable comments)
{
    public async Task<IResult> RemoveAsync(string surveyId, HttpRequest request, CancellationToken cancellationToken)
    {
        var fields = await ChangeFields.ReadAsync(request, cancellationToken);
        if (!CommentTable.RemovalReasons.Contains(fields?["reason"] ?? ""))
        {
            return Problems.Invalid(
                new Dictionary<string, string[]> { ["reason"] = [$"Must be {string.Join(", ", CommentTable.RemovalReasons)} (a form or JSON field): a comment is never removed for its rating."] },
                "Nothing was changed.");
        }

        return await SetAsync(surveyId, fields!["reason"], fields.IsJson, request, cancellationToken);
    }

    public async Task<IResult> RestoreAsync(string surveyId, HttpRequest request, CancellationToken cancellationToken) =>
        await SetAsync(surveyId, null, (await ChangeFields.ReadAsync(request, cancellationToken))?.IsJson == true, request, cancellationToken);

    /// <param name="sentJson">The change came as JSON, so its caller reads a JSON answer whatever it accepts.</param>
    private async Task<IResult> SetAsync(string surveyId, string? reason, bool sentJson, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!SurveyId.IsWellFormed(surveyId) || !await comments.SetRemovedAsync(surveyId, reason, cancellationToken))
        {
            return Results.Problem("That survey has no comment its customer allowed us to publish.", statusCode: StatusCodes.Status404NotFound);
        }

        return sentJson || StorageOutageAnswer.WantsJson(request)
            ? Results.NoContent()
            : new HeaderResult(Results.StatusCode(StatusCodes.Status303SeeOther), ("Location", $"{CsatRoutes.DeskPath}#comments"));
    }
}
