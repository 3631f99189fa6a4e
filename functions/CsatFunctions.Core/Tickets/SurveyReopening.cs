using System.Globalization;
using CsatFunctions.Consent;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using CsatFunctions.Surveys.SendRules;
using CsatFunctions.Telemetry;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Tickets;

/// <summary>
/// What a reopen does to a ticket's survey, and what the ticket's next resolution does after it.
/// Before its delayed email leaves (<c>Csat__SendDelay</c>), a reopen cancels the survey: it is
/// counted as not surveyed (<c>reopened</c>) until the next resolution takes the same survey in again,
/// on that resolution's day. After the email (or once the survey is answered),
/// <c>Csat__ReopenAfterEmail</c> says whether the survey stands (<c>keep</c>) or the next resolution
/// asks again (<c>ask-again</c>). Every write is conditional on the row as read, so a reopen racing the
/// mailer's claim either cancels the email or finds it leaving (and is noted, so a send SendGrid turns
/// away is cancelled before its retry: <see cref="ReopenedBeforeSend"/>); and the survey is always filed on
/// exactly one day, so the count is never doubled.
/// </summary>
public sealed class SurveyReopening(
    CsatOptions options,
    SurveysByTicket byTicket,
    SurveyTable surveys,
    SurveyFiling filing,
    CustomerCooldownRelease cooldowns,
    CsatMetrics metrics,
    ILogger<SurveyReopening> logger)
{
    public const string CancelledBecause = "The ticket was reopened before its survey email left; its next resolution is surveyed.";

    /// <summary>How often a write that lost to another (the mailer's claim, a delivery event) reads again and decides again.</summary>
    private const int Attempts = 3;

    /// <returns>What the helpdesk is answered (200): the survey cancelled, to be asked again, or nothing to do.</returns>
    /// <exception cref="ConcurrentChangeException">The row kept changing under every try: the route answers 503 with Retry-After, and the helpdesk retries.</exception>
    public async Task<IntakeAnswer> ReopenAsync(TicketReopened reopened, string source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var surveyId = await byTicket.LookUpAsync(source, reopened.TicketId, cancellationToken);
        var reopenedAt = reopened.ReopenedAt ?? now;
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            if (surveyId is null || await surveys.GetAsync(surveyId, cancellationToken) is not { } stored)
            {
                return IntakeAnswer.Ignored("The ticket has no survey: there is nothing to cancel.");
            }

            var survey = stored.Survey;
            if (reopenedAt <= survey.LatestResolution)
            {
                return IntakeAnswer.Ignored("The reopen is not after the resolution the survey is for: it is stale, and nothing changes.");
            }

            switch (survey.Email)
            {
                case EmailState.Pending when options.SendRules.SendDelay > TimeSpan.Zero && survey.RatedAt is null && ReopenedBeforeSend.HasNotLeft(survey):
                    // The email has not left (waiting, and SendGrid reported no processed email): cancelled, unless
                    // the mailer's claim lands first (then it is leaving).
                    // Without a delay there is no wait to cancel in: the email leaves at once, whichever of the
                    // mailer and a reopen a few milliseconds later gets there first, so the outcome never hangs on that race.
                    // An answered survey (asked again, answered on the earlier email) is never cancelled: it is as after the email.
                    if (await surveys.TryCancelReopenedAsync(stored, reopenedAt, cancellationToken) is not { } cancelled)
                    {
                        continue;
                    }

                    await Task.WhenAll(
                        filing.FileAsync(cancelled, markSkipped: false, cancellationToken),
                        cooldowns.ReleaseAsync(cancelled.CustomerEmail, cancelled.Id, cancelled.ReceivedAt, cancellationToken));
                    metrics.NotSurveyed(SkipReasons.Reopened);
                    logger.LogInformation("A {Source} ticket was reopened before the email of survey {SurveyId} left; cancelled until its next resolution.", source, survey.Id);
                    return IntakeAnswer.NotSurveyed(survey.Id, CancelledBecause);
                case EmailState.Skipped when survey.SkipReason == SkipReasons.Reopened:
                    // A repeat (or a later reopen before the next resolution): the filing and the cooldown's
                    // release are made again, in case the first were cut off.
                    await Task.WhenAll(filing.FileAsync(survey, markSkipped: false, cancellationToken), cooldowns.ReleaseAsync(survey.CustomerEmail, survey.Id, survey.ReceivedAt, cancellationToken));
                    return IntakeAnswer.NotSurveyed(survey.Id, CancelledBecause);
                case EmailState.Skipped:
                    return IntakeAnswer.Ignored($"The ticket's survey was not asked ({survey.SkipReason}); a reopen changes nothing.");
                case EmailState.Pending or EmailState.Sending or EmailState.Sent or EmailState.Failed when options.SendRules.ReopenAfterEmail == ReopenAfterEmail.Keep:
                    // Noted while the email is leaving (only with a delay: without one there is no wait a reopen
                    // cancels in): if SendGrid turns it away, the mailer cancels the survey instead of retrying.
                    if (survey.Email == EmailState.Sending && options.SendRules.SendDelay > TimeSpan.Zero && !await surveys.TryNoteReopenedAsync(stored, reopenedAt, cancellationToken))
                    {
                        continue;
                    }

                    return IntakeAnswer.Ignored("The survey email had left (without Csat__SendDelay it leaves at once): the survey stands (Csat__ReopenAfterEmail=keep).");
                default:
                    if (!await surveys.TryNoteReopenedAsync(stored, reopenedAt, cancellationToken))
                    {
                        continue;
                    }

                    logger.LogInformation("A {Source} ticket was reopened after the email of survey {SurveyId}; its next resolution asks again.", source, survey.Id);
                    return IntakeAnswer.Reopened(survey.Id);
            }
        }

        throw new ConcurrentChangeException($"Survey {surveyId} kept changing while a reopen was noted; the helpdesk's retry notes it.");
    }

    /// <summary>
    /// A delivery resolving a ticket whose survey notes a reopen, later than the survey's resolution,
    /// is the ticket's next resolution: the same survey row is taken in again (its new resolution, send
    /// delay and ticket fields, its email to be sent afresh, filed on the new day and taken off the old
    /// one), and its answer, if any, stands until a new one replaces it. A later resolution that comes
    /// while no reopen is noted is remembered (<see cref="Survey.LatestResolvedAt"/>) when the helpdesk
    /// gave its time, so the reopen before it, arriving late, is stale.
    /// </summary>
    /// <param name="delivered">The survey this delivery would have made: its resolution, arrival, send time and ticket fields.</param>
    /// <param name="resolvedAtGiven">The helpdesk gave the resolution's time (not timed by our arrival).</param>
    /// <returns>Null when the delivery is not a next resolution; otherwise the survey as it now stands, new when this delivery took it in again.</returns>
    public async Task<SurveyIntakeResult?> ResolvedAgainAsync(StoredSurvey stored, Survey delivered, bool resolvedAtGiven, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var survey = stored.Survey;
            if (IsNextResolution(survey, delivered.ResolvedAt))
            {
                if (await surveys.TryRewriteAsync(stored, Columns(survey, delivered), cancellationToken) is { } again)
                {
                    logger.LogInformation("Survey {SurveyId}'s ticket was resolved again after a reopen; it is surveyed and counted on {Day}.", survey.Id, again.ResolvedDay);
                    return new SurveyIntakeResult(again, true);
                }
            }
            else if (RemembersLaterResolutions && resolvedAtGiven && survey.ReopenedAt is null && survey.Email != EmailState.Skipped && delivered.ResolvedAt > survey.LatestResolution)
            {
                // Only a help against a late stale reopen: one lost to the mailer's claim, again and again,
                // is given up rather than answering the helpdesk's duplicate with an error.
                if (await surveys.TryNoteLaterResolutionAsync(stored, delivered.ResolvedAt, cancellationToken) || attempt == Attempts)
                {
                    return null;
                }
            }
            else
            {
                return attempt == 1 ? null : new SurveyIntakeResult(survey, false);
            }

            stored = await surveys.GetAsync(survey.Id, cancellationToken) ?? throw new ConcurrentChangeException($"Survey {survey.Id} vanished while resolved again.");
        }

        throw new ConcurrentChangeException($"Survey {stored.Survey.Id} kept changing while resolved again; the helpdesk's retry takes it in.");
    }

    /// <summary>
    /// A later resolution matters only where a reopen can cancel (a delay) or ask again: elsewhere it is
    /// not written, so the default configuration's duplicates never move the row under the mailer's claim.
    /// </summary>
    private bool RemembersLaterResolutions =>
        options.SendRules.SendDelay > TimeSpan.Zero || options.SendRules.ReopenAfterEmail == ReopenAfterEmail.AskAgain;

    /// <summary>
    /// The survey notes a reopen and was cancelled by it; or the reopen was noted while its email was
    /// leaving and SendGrid gave the claim back (Pending again, no <c>processed</c> event), unanswered,
    /// with a delay, so the email has not left and the mailer would cancel it
    /// (the rewrite's new ETag makes the mailer's cancel or claim fail and read again); or
    /// (<c>ask-again</c>) its email had left (SendGrid processed it) or it was answered. And this
    /// resolution is later than any the survey knows. Both times are the helpdesk's (a reopen's time is
    /// often our arrival), and a redelivery of the resolution already taken in carries its time, so it
    /// stays a duplicate. An erased survey is never taken in again (with a new address).
    /// </summary>
    private bool IsNextResolution(Survey survey, DateTimeOffset resolvedAt) =>
        survey.ReopenedAt is not null && survey.ErasedAt is null && resolvedAt > survey.LatestResolution
        && (survey is { Email: EmailState.Skipped, SkipReason: SkipReasons.Reopened }
            || (options.SendRules.SendDelay > TimeSpan.Zero && survey.RatedAt is null && ReopenedBeforeSend.HasNotLeft(survey))
            || (options.SendRules.ReopenAfterEmail == ReopenAfterEmail.AskAgain && (survey.Email is EmailState.Sent or EmailState.Failed || survey.ProcessedAt is not null || survey.RatedAt is not null)));

    /// <summary>
    /// Everything a next resolution writes, the one source of the survey it makes: the new times; the
    /// new delivery's ticket fields (the answer is the last resolver's), the customer's only where it
    /// gives them and the survey is unanswered (an answer stays under the address, name and language of
    /// the customer who gave it, so export and erasure by address find it), the scale only while
    /// unanswered; and the email's and reminder's progress taken away,
    /// so both are sent, and counted, afresh.
    /// </summary>
    private Dictionary<string, object?> Columns(Survey survey, Survey delivered)
    {
        var answered = survey.RatedAt is not null;
        var address = answered ? survey.CustomerEmail : delivered.CustomerEmail ?? survey.CustomerEmail;
        var skip = address is null ? SkipReasons.NoEmail : options.SendRules.IsInternal(address) ? SkipReasons.Internal : null;
        var day = delivered.ResolvedDay;
        return new()
        {
            ["ResolvedAt"] = delivered.ResolvedAt, ["ReceivedAt"] = delivered.ReceivedAt, ["SendAfter"] = delivered.SendAfter,
            ["Email"] = skip is null ? nameof(EmailState.Pending) : nameof(EmailState.Skipped), ["SkipReason"] = skip,
            ["RefiledFrom"] = (day != survey.ResolvedDay ? survey.ResolvedDay : survey.RefiledFrom)?.ToString(SurveyRow.DayFormat, CultureInfo.InvariantCulture),
            ["Agent"] = delivered.Agent, ["Channel"] = delivered.Channel, ["Company"] = delivered.Company, ["Touchpoint"] = delivered.Touchpoint, ["Subject"] = delivered.Subject,
            ["CustomerEmail"] = address, ["CustomerName"] = answered ? survey.CustomerName : delivered.CustomerName ?? survey.CustomerName, ["Locale"] = answered ? survey.Locale : delivered.Locale ?? survey.Locale,
            ["Scale"] = (survey.RatedAt is null ? delivered.Scale : survey.Scale).Name,
            ["ReopenedAt"] = null, ["LatestResolvedAt"] = null,
            ["SendClaimId"] = null, ["SendClaimExpiresAt"] = null, ["SentAt"] = null, ["SendFailure"] = null,
            ["ProcessedAt"] = null, ["DeliveredAt"] = null, ["UndeliverableBecause"] = null,
            ["Reminder"] = null, ["ReminderClaimId"] = null, ["ReminderClaimExpiresAt"] = null, ["RemindedAt"] = null, ["ReminderFailure"] = null, ["ReminderProcessedAt"] = null,
        };
    }
}
