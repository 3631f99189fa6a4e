using CsatFunctions.Storage;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Surveys;

/// <summary>
/// What an operator reads: surveys SendGrid refused for good, how many survey messages wait in their
/// poison queue, and how many bad-rating alerts could not be delivered and wait in theirs.
/// </summary>
public sealed record FailedSurveysAnswer(IReadOnlyList<SurveyFailure> Failed, int PoisonedMessages, int PoisonedAlerts);

/// <summary><c>GET /api/admin/surveys/failed</c>: the surveys and alerts that did not go out, and why; each poison queue has its replay route.</summary>
public sealed class FailedSurveysEndpoint(AdminKey adminKey, SurveyFailureLog failures, CsatStorage storage, ILogger<FailedSurveysEndpoint> logger)
{
    public async Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!adminKey.Allows(request))
        {
            return adminKey.Refusal();
        }

        try
        {
            var poisoned = (await storage.SurveyPoisonQueue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
            var poisonedAlerts = (await storage.AlertPoisonQueue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
            return Results.Json(new FailedSurveysAnswer(await failures.ReadAllAsync(cancellationToken), poisoned, poisonedAlerts), CsatJson.Default.FailedSurveysAnswer);
        }
        catch (Exception ex) when (StorageFailure.IsOutage(ex, cancellationToken))
        {
            logger.LogWarning(ex, "Storage failed while listing failed surveys.");
            return Problems.StorageUnavailable();
        }
    }
}
