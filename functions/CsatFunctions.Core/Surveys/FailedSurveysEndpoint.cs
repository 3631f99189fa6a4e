using CsatFunctions.Storage;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Surveys;

/// <summary>What an operator reads: surveys SendGrid refused for good, and how many messages wait in the poison queue.</summary>
public sealed record FailedSurveysAnswer(IReadOnlyList<SurveyFailure> Failed, int PoisonedMessages);

/// <summary><c>GET /api/admin/surveys/failed</c>: the surveys that did not go out, and why.</summary>
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
            return Results.Json(new FailedSurveysAnswer(await failures.ReadAllAsync(cancellationToken), poisoned), CsatJson.Default.FailedSurveysAnswer);
        }
        catch (Exception ex) when (StorageFailure.IsOutage(ex, cancellationToken))
        {
            logger.LogWarning(ex, "Storage failed while listing failed surveys.");
            return Problems.StorageUnavailable();
        }
    }
}
