using CsatFunctions.Storage;
using CsatFunctions.Surveys;

namespace CsatFunctions.Alerts;

/// <summary>
/// What the other steps tell the alerter: an answer newly at the bottom of its scale, or newly at the
/// top with a comment (kudos). The alerter tells each channel once per answer, so raising the same one again is safe.
/// </summary>
public sealed class RatingAlerts(CsatOptions options, JsonQueue<RatingAlertMessage> queue)
{
    private bool Alerting => options.AlertEmail is not null || options.AlertWebhookUrl is not null;

    /// <summary>Raises an alert for an answer that moved to the bottom of the scale, not for the same bad answer sent again; likewise kudos.</summary>
    public async Task RaiseAsync(Survey before, Survey after, CancellationToken cancellationToken)
    {
        var newlyBottom = Alerting && IsBottom(after) && !(before.Rating is not null && IsBottom(before));
        var newKudos = options.KudosWebhookUrl is not null && IsKudos(after) && !(IsKudos(before) && before.Comment == after.Comment);
        if (newlyBottom || newKudos)
        {
            await queue.EnqueueAsync(new RatingAlertMessage(after.Id, after.RatedAt!.Value), null, cancellationToken);
        }
    }

    /// <summary>Raises again an alert (or kudos) that a channel has not been told about, in case a failure kept it from being raised.</summary>
    public async Task RaiseIfMissedAsync(Survey survey, CancellationToken cancellationToken)
    {
        if (survey.RatedAt is not { } ratedAt)
        {
            return;
        }

        var missedAlert = Alerting && IsBottom(survey)
            && (options.AlertEmail is not null && survey.AlertEmailedFor != ratedAt || options.AlertWebhookUrl is not null && survey.AlertPostedFor != ratedAt);
        var missedKudos = options.KudosWebhookUrl is not null && IsKudos(survey) && survey.KudosPostedFor != ratedAt;
        if (missedAlert || missedKudos)
        {
            await queue.EnqueueAsync(new RatingAlertMessage(survey.Id, ratedAt), null, cancellationToken);
        }
    }

    public static bool IsBottom(Survey survey) => survey.Rating is { } rating && survey.Scale.IsBottom(rating, survey.Score);

    /// <summary>
    /// Worth a kudos post: the top of the scale (excellent; 5 of 5; a promoter, 9 or 10, on NPS) with a
    /// comment. The customer's consent to publish is not asked for: the channel is the team's own.
    /// </summary>
    public static bool IsKudos(Survey survey) => survey.Rating == Rating.Excellent && !string.IsNullOrWhiteSpace(survey.Comment);
}
