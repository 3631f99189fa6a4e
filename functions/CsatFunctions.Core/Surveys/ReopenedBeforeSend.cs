using CsatFunctions.Consent;
using CsatFunctions.Telemetry;

namespace CsatFunctions.Surveys;

/// <summary>
/// Just before a survey email goes: a reopen that came while an earlier send was leaving
/// (<c>Csat__SendDelay</c> set) was noted and answered as after the email; when SendGrid then turned
/// that send away (the claim given back, Pending), the email has not left after all, so the survey is
/// cancelled as the reopen would have cancelled it, counted as not surveyed (<c>reopened</c>), and the
/// customer's cooldown it started is released. An answered survey never is.
/// </summary>
public sealed class ReopenedBeforeSend(CsatOptions options, SurveyTable surveys, ICountsSurveys counted, CustomerCooldownRelease cooldowns, CsatMetrics metrics)
{
    /// <summary>
    /// Conditional on the row as read: when it changed (a next resolution took the survey in again),
    /// nothing is cancelled and the mailer's claim, on the same stale row, fails and reads again.
    /// </summary>
    /// <returns>True when the survey was cancelled: send nothing.</returns>
    public async Task<bool> CancelledAsync(StoredSurvey stored, CancellationToken cancellationToken)
    {
        var survey = stored.Survey;
        if (options.SendRules.SendDelay <= TimeSpan.Zero || survey is not { Email: EmailState.Pending, RatedAt: null, ReopenedAt: { } reopenedAt } || reopenedAt <= survey.ResolvedAt)
        {
            return false;
        }

        if (await surveys.TryCancelReopenedAsync(stored, reopenedAt, cancellationToken) is not { } cancelled)
        {
            return false;
        }

        await Task.WhenAll(counted.FileAsync(cancelled, cancellationToken), cooldowns.ReleaseAsync(cancelled.CustomerEmail, cancelled.Id, cancelled.ReceivedAt, cancellationToken));
        metrics.NotSurveyed(SkipReasons.Reopened);
        return true;
    }
}
