using CsatFunctions.Consent;
using CsatFunctions.Telemetry;

namespace CsatFunctions.Surveys;

/// <summary>
/// Just before a survey email goes: the customer may have unsubscribed, or their address been
/// suppressed or erased, since the ticket came in; or the ticket was reopened while an earlier send
/// was leaving, and SendGrid turned that send away. Such a survey is marked skipped and filed again,
/// so it is counted as not surveyed.
/// </summary>
public sealed class ConsentRecheck(CsatOptions options, CustomerRegistry customers, SurveyTable surveys, ICountsSurveys counted, CsatMetrics metrics)
{
    /// <returns>True when the survey must not be sent, and is now skipped.</returns>
    public async Task<bool> SkippedAsync(Survey survey, CancellationToken cancellationToken)
    {
        if ((survey.CustomerEmail is { } address ? SkipReasons.For(await customers.GetAsync(address, cancellationToken)) : SkipReasons.Erased) is not { } skip)
        {
            return false;
        }

        await surveys.MarkSkippedAsync(survey.Id, skip, cancellationToken);
        await counted.FileAsync(survey with { Email = EmailState.Skipped, SkipReason = skip }, cancellationToken);
        metrics.NotSurveyed(skip);
        return true;
    }

    /// <summary>
    /// A reopen that came while the email was leaving (<c>Csat__SendDelay</c> set) is noted and answered
    /// as after the email; when SendGrid then turned the send away (the claim given back, Pending), the
    /// email has not left after all, so the survey is cancelled as the reopen would have cancelled it.
    /// An answered survey never is. Conditional on the row as read: when it changed (a next resolution),
    /// nothing is cancelled and the mailer's claim, on the same stale row, fails and reads again.
    /// </summary>
    /// <returns>True when the survey was cancelled: send nothing.</returns>
    public async Task<bool> CancelledByReopenAsync(StoredSurvey stored, CancellationToken cancellationToken)
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

        await Task.WhenAll(
            counted.FileAsync(cancelled, cancellationToken),
            cancelled.CustomerEmail is { } address ? customers.ReleaseCooldownAsync(address, cancelled.Id, cancellationToken) : Task.CompletedTask);
        metrics.NotSurveyed(SkipReasons.Reopened);
        return true;
    }
}
