using System.Globalization;
using CsatFunctions.Surveys;
using CsatFunctions.Surveys.SendRules;
using CsatFunctions.Telemetry;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Tickets;

/// <summary>
/// What a reopen does to a ticket's survey, and what the ticket's next resolution does after it.
/// Before its delayed email leaves (<c>Csat__SendDelay</c>), a reopen cancels the survey: it is
/// counted as not surveyed (<c>reopened</c>) until the next resolution takes the same survey in again,
/// on that resolution's day. After the email, <c>Csat__ReopenAfterEmail</c> says whether the survey
/// sent stands (<c>keep</c>) or the next resolution asks again (<c>ask-again</c>). Every write is
/// conditional on the row as read, so a reopen racing the mailer's claim either cancels the email or
/// finds it leaving; and the survey is always filed on exactly one day, so the count is never doubled.
/// </summary>
public sealed class SurveyReopening(
    CsatOptions options,
    SurveysByTicket byTicket,
    SurveyTable surveys,
    SurveyFiling filing,
    CsatMetrics metrics,
    ILogger<SurveyReopening> logger)
{
    public const string CancelledBecause = "The ticket was reopened before its survey email left; its next resolution is surveyed.";

    /// <summary>How often a write that lost to another (the mailer's claim, a delivery event) reads again and decides again.</summary>
    private const int Attempts = 3;

    /// <returns>What the helpdesk is answered (always 200): the survey cancelled, to be asked again, or nothing to do.</returns>
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
            if (reopenedAt <= survey.ResolvedAt)
            {
                return IntakeAnswer.Ignored("The reopen is not after the resolution the survey is for: it is stale, and nothing changes.");
            }

            switch (survey.Email)
            {
                case EmailState.Pending when options.SendRules.SendDelay > TimeSpan.Zero:
                    // The email has not left: cancelled, unless the mailer's claim lands first (then it is leaving).
                    // Without a delay there is no wait to cancel in: the email leaves at once, whichever of the
                    // mailer and a reopen a few milliseconds later gets there first, so the outcome never hangs on that race.
                    var values = new Dictionary<string, object> { ["Email"] = nameof(EmailState.Skipped), ["SkipReason"] = SkipReasons.Reopened, ["ReopenedAt"] = reopenedAt };
                    if (!await surveys.TryMergeAsync(stored, values, cancellationToken))
                    {
                        continue;
                    }

                    await filing.FileAsync(survey with { Email = EmailState.Skipped, SkipReason = SkipReasons.Reopened, ReopenedAt = reopenedAt }, markSkipped: false, cancellationToken);
                    metrics.NotSurveyed(SkipReasons.Reopened);
                    logger.LogInformation("A {Source} ticket was reopened before the email of survey {SurveyId} left; cancelled until its next resolution.", source, survey.Id);
                    return IntakeAnswer.NotSurveyed(survey.Id, CancelledBecause);
                case EmailState.Skipped when survey.SkipReason == SkipReasons.Reopened:
                    // A repeat (or a later reopen before the next resolution): the filing is made again, in case the first was cut off.
                    await filing.FileAsync(survey, markSkipped: false, cancellationToken);
                    return IntakeAnswer.NotSurveyed(survey.Id, CancelledBecause);
                case EmailState.Skipped:
                    return IntakeAnswer.Ignored($"The ticket's survey was not asked ({survey.SkipReason}); a reopen changes nothing.");
                case EmailState.Pending or EmailState.Sending or EmailState.Sent or EmailState.Failed when options.SendRules.ReopenAfterEmail == ReopenAfterEmail.Keep:
                    return IntakeAnswer.Ignored("The survey email had left (without Csat__SendDelay it leaves at once): the survey stands (Csat__ReopenAfterEmail=keep).");
                default:
                    if (survey.ReopenedAt is null && !await surveys.TryMergeAsync(stored, new Dictionary<string, object> { ["ReopenedAt"] = reopenedAt }, cancellationToken))
                    {
                        continue;
                    }

                    logger.LogInformation("A {Source} ticket was reopened after the email of survey {SurveyId}; its next resolution asks again.", source, survey.Id);
                    return IntakeAnswer.Reopened(survey.Id);
            }
        }

        throw new InvalidOperationException($"Survey {surveyId} kept changing while a reopen was noted; the helpdesk's retry notes it.");
    }

    /// <summary>
    /// A delivery resolving a ticket whose survey notes a reopen before this resolution is the
    /// ticket's next resolution: the same survey row is taken in again (its new resolution and send
    /// delay, its email to be sent afresh, filed on the new day and taken off the old one), and its
    /// answer, if any, stands until a new one replaces it.
    /// </summary>
    /// <returns>Null when the delivery is not a next resolution; otherwise the survey as it now stands, new when this delivery took it in again.</returns>
    public async Task<SurveyIntakeResult?> ResolvedAgainAsync(StoredSurvey stored, DateTimeOffset resolvedAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var survey = stored.Survey;
            if (!IsNextResolution(survey, resolvedAt))
            {
                return attempt == 1 ? null : new SurveyIntakeResult(survey, false);
            }

            var day = DateOnly.FromDateTime(resolvedAt.UtcDateTime);
            var again = survey with
            {
                ResolvedAt = resolvedAt,
                ReceivedAt = now,
                Email = EmailState.Pending,
                SkipReason = null,
                ReopenedAt = null,
                SendAfter = options.SendRules.SendAfter(resolvedAt, now),
                RefiledFrom = day != survey.ResolvedDay ? survey.ResolvedDay : survey.RefiledFrom,
                SendClaimId = null, SendClaimExpiresAt = null, SentAt = null, SendFailure = null,
                ProcessedAt = null, DeliveredAt = null, UndeliverableBecause = null,
                Reminder = null, ReminderClaimId = null, ReminderClaimExpiresAt = null, RemindedAt = null, ReminderFailure = null, ReminderProcessedAt = null,
            };
            if (await surveys.TryRewriteAsync(stored, Columns(again), cancellationToken))
            {
                logger.LogInformation("Survey {SurveyId}'s ticket was resolved again after a reopen; it is surveyed and counted on {Day}.", survey.Id, again.ResolvedDay);
                return new SurveyIntakeResult(again, true);
            }

            stored = await surveys.GetAsync(survey.Id, cancellationToken) ?? throw new InvalidOperationException($"Survey {survey.Id} vanished while resolved again.");
        }

        throw new InvalidOperationException($"Survey {stored.Survey.Id} kept changing while resolved again; the helpdesk's retry takes it in.");
    }

    /// <summary>Resolved after the reopen the survey notes, and the survey was cancelled by it, or (<c>ask-again</c>) its email had left.</summary>
    private bool IsNextResolution(Survey survey, DateTimeOffset resolvedAt) =>
        survey.ReopenedAt is { } reopenedAt && resolvedAt > reopenedAt
        && (survey is { Email: EmailState.Skipped, SkipReason: SkipReasons.Reopened }
            || (options.SendRules.ReopenAfterEmail == ReopenAfterEmail.AskAgain && survey.Email is EmailState.Sent or EmailState.Failed));

    /// <summary>The columns a next resolution writes: the new times, and the email's and reminder's progress taken away, so both are sent, and counted, afresh.</summary>
    private static Dictionary<string, object?> Columns(Survey again) => new()
    {
        ["ResolvedAt"] = again.ResolvedAt,
        ["ReceivedAt"] = again.ReceivedAt,
        ["Email"] = nameof(EmailState.Pending),
        ["SendAfter"] = again.SendAfter,
        ["RefiledFrom"] = again.RefiledFrom?.ToString(SurveyRow.DayFormat, CultureInfo.InvariantCulture),
        ["SkipReason"] = null, ["ReopenedAt"] = null,
        ["SendClaimId"] = null, ["SendClaimExpiresAt"] = null, ["SentAt"] = null, ["SendFailure"] = null,
        ["ProcessedAt"] = null, ["DeliveredAt"] = null, ["UndeliverableBecause"] = null,
        ["Reminder"] = null, ["ReminderClaimId"] = null, ["ReminderClaimExpiresAt"] = null, ["RemindedAt"] = null, ["ReminderFailure"] = null, ["ReminderProcessedAt"] = null,
    };
}
