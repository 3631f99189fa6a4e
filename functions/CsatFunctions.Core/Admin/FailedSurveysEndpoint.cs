using CsatFunctions.Alerts;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Admin;

/// <summary>
/// What an operator reads: surveys SendGrid refused for good, how many survey messages wait in their
/// poison queue, and how many bad-rating alerts could not be delivered and wait in theirs.
/// </summary>
public sealed record FailedSurveysAnswer(IReadOnlyList<SurveyFailure> Failed, int PoisonedMessages, int PoisonedAlerts);

/// <summary><c>GET /api/admin/surveys/failed</c>: the surveys and alerts that did not go out, and why; each poison queue has its replay route.</summary>
public sealed class FailedSurveysEndpoint(SurveyFailureLog failures, JsonQueue<SurveyMessage> surveyQueue, JsonQueue<RatingAlertMessage> alertQueue)
{
    public async Task<IResult> GetAsync(CancellationToken cancellationToken)
    {
        var poisoned = (await surveyQueue.Poison.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        var poisonedAlerts = (await alertQueue.Poison.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        return Results.Json(new FailedSurveysAnswer(await failures.ReadAllAsync(cancellationToken), poisoned, poisonedAlerts), CsatJson.Default.FailedSurveysAnswer);
    }
}
