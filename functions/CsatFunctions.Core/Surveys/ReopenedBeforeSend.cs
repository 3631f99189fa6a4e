using CsatFunctions.Consent;
using CsatFunctions.Telemetry;

namespace CsatFunctions.Surveys;

/// <summary>
/// Just before a survey email goes: a reopen that came while an earlier send was leaving
/// (<c>Csat__SendDelay</c> set) was noted and answered as after the email; when SendGrid then turned
/// that send away (the claim given back, Pending), the email has not left after all, so the survey is
/// cancelled as the reopen would have cancelled it, counted as not surveyed (<c>reopened</c>), and the
/// customer's cooldown it started is released. An answered survey, or one SendGrid says it processed,
/// never is. A claim that lapsed (its mailer died) is not read as "not left": SendGrid may have taken
/// the email before the death and its <c>processed</c> event may not be here yet, and cancelling an
/// email the customer holds would count an answerable survey as not asked; the retry sends instead,
/// as <see cref="ExactlyOnceSend"/> documents for that gap, and the reopen stays one after the email.
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
        if (options.SendRules.SendDelay <= TimeSpan.Zero || survey is not { RatedAt: null, ReopenedAt: { } reopenedAt } || reopenedAt <= survey.ResolvedAt || !HasNotLeft(survey))
        {
            return false;
        }

        if (await surveys.TryCancelReopenedAsync(stored, reopenedAt, cancellationToken) is not { } cancelled)
        {
            return false;
        }

        metrics.NotSurveyed(SkipReasons.Reopened);
        await FinishCancelAsync(cancelled, cancellationToken);
        return true;
    }

    /// <summary>
    /// What follows a cancel's write: the filing (counted as not surveyed, its <c>ticket.not_surveyed</c>
    /// event keyed by the survey and reason, so raised once) and the cooldown's release. A process that
    /// dies between the write and these leaves the survey Skipped with no reopen left to repeat them (the
    /// helpdesk had its answer), so every message that finds it so makes them again; all are idempotent.
    /// </summary>
    public async Task FinishCancelAsync(Survey survey, CancellationToken cancellationToken)
    {
        if (survey is not { Email: EmailState.Skipped, SkipReason: SkipReasons.Reopened })
        {
            return;
        }

        await Task.WhenAll(counted.FileAsync(survey, cancellationToken), cooldowns.ReleaseAsync(survey.CustomerEmail, survey.Id, survey.ReceivedAt, cancellationToken));
    }

    /// <summary>
    /// The email has not left: waiting (Pending), and SendGrid has no <c>processed</c> event for it (a
    /// send whose call timed out and whose claim was given back has left, as the mailer reads it).
    /// </summary>
    public static bool HasNotLeft(Survey survey) => survey is { Email: EmailState.Pending, ProcessedAt: null };
}
