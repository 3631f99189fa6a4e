using CsatFunctions.Storage;
using CsatFunctions.Surveys;

namespace CsatFunctions.Alerts;

/// <summary>
/// What the other steps tell the alerter: an answer newly at the bottom of its scale. The alerter
/// tells each channel once per answer, so raising the same one again is safe.
/// </summary>
public sealed class RatingAlerts(CsatOptions options, JsonQueue<RatingAlertMessage> queue)
{
    private bool Alerting => options.AlertEmail is not null || options.AlertWebhookUrl is not null;

    /// <summary>Raises an alert for an answer that moved to the bottom of the scale, not for the same bad answer sent again.</summary>
    public async Task RaiseAsync(Survey before, Survey after, CancellationToken cancellationToken)
    {
        var wasBottom = before.Rating is { } previous && before.Scale.IsBottom(previous, before.Score);
        if (Alerting && IsBottom(after) && !wasBottom)
        {
            await queue.EnqueueAsync(new RatingAlertMessage(after.Id, after.RatedAt!.Value), null, cancellationToken);
        }
    }

    /// <summary>Raises again an alert for a bottom answer that a channel has not been told about, in case a failure kept it from being raised.</summary>
    public async Task RaiseIfMissedAsync(Survey survey, CancellationToken cancellationToken)
    {
        if (Alerting && IsBottom(survey) && survey.RatedAt is { } ratedAt
            && (options.AlertEmail is not null && survey.AlertEmailedFor != ratedAt || options.AlertWebhookUrl is not null && survey.AlertPostedFor != ratedAt))
        {
            await queue.EnqueueAsync(new RatingAlertMessage(survey.Id, ratedAt), null, cancellationToken);
        }
    }

    private static bool IsBottom(Survey survey) => survey.Rating is { } rating && survey.Scale.IsBottom(rating, survey.Score);
}
