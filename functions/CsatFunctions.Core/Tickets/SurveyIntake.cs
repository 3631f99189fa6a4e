using System.Diagnostics;
using CsatFunctions.Consent;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using CsatFunctions.Telemetry;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Tickets;

/// <summary>A ticket taken in: its survey, and whether this delivery created it (or gave it the email it lacked).</summary>
public sealed record SurveyIntakeResult(Survey Survey, bool IsNew);

/// <summary>
/// Turns a resolved ticket into its survey: stored once, counted, and queued for its email unless
/// the customer cannot or must not be asked. The ticket's entry in <see cref="SurveysByTicket"/>
/// names its survey, and the survey row's insert is the idempotency gate: one survey per
/// (source, ticket id), so a ticket re-solved later is not surveyed again, except that a ticket first
/// counted without an email is surveyed when a delivery brings one, and a ticket resolved again after
/// a reopen is taken in again on the same row (<see cref="SurveyReopening"/>). A repeat of a survey still
/// Pending or Skipped at intake finishes the steps again (all idempotent), so a delivery that died
/// after the insert is completed, and counted, by its retry.
/// </summary>
public sealed class SurveyIntake(
    CsatOptions options,
    SurveysByTicket byTicket,
    SurveyTable surveys,
    CustomerRegistry customers,
    SurveyFiling filing,
    SurveyReopening reopening,
    CsatMetrics metrics,
    ILogger<SurveyIntake> logger)
{
    public async Task<SurveyIntakeResult> AcceptAsync(TicketResolved ticket, string source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = CsatTelemetry.Source.StartActivity("ticket intake");
        var result = await StoreAsync(ticket, source, now, cancellationToken);
        var survey = result.Survey;
        activity?.SetTag("csat.source", source);
        activity?.SetTag("csat.survey.id", survey.Id);
        activity?.SetTag("csat.email.state", survey.SkipReason ?? survey.Email.ToString());
        if (result.IsNew)
        {
            metrics.TicketAccepted(source, Stopwatch.GetElapsedTime(started));
        }
        else
        {
            metrics.TicketDuplicate(source, Stopwatch.GetElapsedTime(started));
        }

        return result;
    }

    /// <summary>
    /// A helpdesk says the ticket is no longer resolved (<see cref="TicketReopened"/>): a survey whose
    /// delayed email has not left is cancelled and counted as not surveyed (<c>reopened</c>) until the
    /// ticket's next resolution; what a reopen after the email means is <c>Csat__ReopenAfterEmail</c>
    /// (<see cref="SurveyReopening"/>).
    /// </summary>
    /// <returns>What the helpdesk is answered (200, or 503 when the survey kept changing under it): the survey cancelled, to be asked again, or nothing to do.</returns>
    public Task<IntakeAnswer> ReopenAsync(TicketReopened reopened, string source, DateTimeOffset now, CancellationToken cancellationToken) =>
        reopening.ReopenAsync(reopened, source, now, cancellationToken);

    private async Task<SurveyIntakeResult> StoreAsync(TicketResolved ticket, string source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A ticket filed later than Csat__RetentionDays after its resolution lands on a day the retention
        // sweep has passed: it is counted, and what it says of the customer is not kept at all.
        var resolvedAt = ticket.ResolvedAt ?? now;
        var pastRetention = options.RetentionDays > 0
            && DateOnly.FromDateTime(resolvedAt.UtcDateTime) < DateOnly.FromDateTime(now.UtcDateTime).AddDays(-options.RetentionDays);
        if (pastRetention)
        {
            ticket = ticket with { CustomerEmail = null, CustomerName = null, Subject = null };
        }

        // The consent read does not wait for the ticket's entry, nor the entry for it.
        async Task<CustomerRecord?> Consent() => ticket.CustomerEmail is { } email ? await customers.GetAsync(email, cancellationToken) : null;
        var reading = Consent();
        var entry = await byTicket.ClaimAsync(source, ticket.TicketId, cancellationToken);
        if (entry.SurveyId is not { } surveyId)
        {
            // The survey's personal data was erased: it was counted when it came, and nothing leads
            // from the ticket to it any more, so this answers with the ticket's key and does nothing.
            // The consent read already under way is awaited so that its failure is not left unobserved.
            await reading;
            return new SurveyIntakeResult(new Survey(entry.Key, source, ticket.TicketId, null, null, null, null, null, resolvedAt, now) { Email = EmailState.Skipped, SkipReason = SkipReasons.Erased }, false);
        }

        // The company's own address (staff, a test ticket): counted, listed on the desk, never asked.
        var internalAddress = options.SendRules.IsInternal(ticket.CustomerEmail);
        var candidate = new Survey(
            surveyId,
            source,
            ticket.TicketId,
            ticket.CustomerEmail,
            ticket.CustomerName,
            ticket.Subject,
            ticket.Agent,
            ticket.Channel,
            resolvedAt,
            now)
        {
            Email = ticket.CustomerEmail is null || internalAddress ? EmailState.Skipped : EmailState.Pending,
            SkipReason = ticket.CustomerEmail is null ? (pastRetention ? SkipReasons.Erased : SkipReasons.NoEmail) : internalAddress ? SkipReasons.Internal : null,
            Touchpoint = ticket.Touchpoint,
            Company = ticket.Company,
            Locale = ticket.Locale,
            Scale = ticket.Scale ?? options.DefaultScale,
            TraceParent = Activity.Current?.Id,
            TicketKey = entry.Key,
            SendAfter = options.SendRules.SendAfter(resolvedAt, now),
        };

        // The consent read and the gate do not wait for each other: the row goes in as to be surveyed
        // and is marked skipped with the writes below when consent says so. Nothing is queued before
        // that, and the mailer checks consent again before it sends.
        var inserting = surveys.InsertOrReadAsync(candidate, cancellationToken);
        await Task.WhenAll(reading, inserting);
        var (customer, (isNew, existing)) = (await reading, await inserting);
        var skip = customer is null ? null : SkipReasons.For(customer);

        var survey = candidate;
        if (!isNew)
        {
            var stored = existing ?? throw new ConcurrentChangeException($"Survey {candidate.Id} vanished after a conflicting insert.");
            survey = stored.Survey;
            if (await reopening.ResolvedAgainAsync(stored, candidate, ticket.ResolvedAt is not null, cancellationToken) is { } again)
            {
                // The ticket's next resolution after a reopen: the same survey, asked (and counted) for it.
                (survey, isNew) = (again.Survey, again.IsNew);
            }
            else if (survey.SkipReason == SkipReasons.NoEmail && candidate.CustomerEmail is not null)
            {
                // First counted without an email; this delivery brings one, so the customer is asked now. Its
                // email is due now at the earliest, and the rating link's lifetime counts from then (SurveyEmail),
                // not from the first delivery, which may be weeks old.
                var withEmail = candidate with { ReceivedAt = survey.ReceivedAt, ResolvedAt = survey.ResolvedAt, SendAfter = options.SendRules.SendAfter(survey.ResolvedAt, now) ?? now };
                isNew = await surveys.TryGiveEmailAsync(stored, withEmail, cancellationToken);

                // Another delivery got there first: what it stored is what is counted and answered.
                survey = isNew ? withEmail : (await surveys.GetAsync(candidate.Id, cancellationToken))!.Survey;
            }
        }

        // Also a retry's: a delivery cut off before it marked the survey skipped left it to be surveyed.
        var markSkipped = survey.Email == EmailState.Pending && skip is not null && survey.CustomerEmail == ticket.CustomerEmail;
        if (markSkipped)
        {
            survey = survey with { Email = EmailState.Skipped, SkipReason = skip };
        }

        if (survey.Email == EmailState.Pending && options.SurveyCooldown > TimeSpan.Zero
            && !await customers.TryStartCooldownAsync(survey.CustomerEmail!, survey.Id, now, options.SurveyCooldown, survey.CustomerEmail == ticket.CustomerEmail ? customer : null, cancellationToken))
        {
            markSkipped = true;
            survey = survey with { Email = EmailState.Skipped, SkipReason = SkipReasons.Cooldown };
        }

        if (isNew || survey.Email is EmailState.Pending or EmailState.Skipped)
        {
            // If one of these fails the helpdesk gets a 503, retries, and this repeats them all.
            await filing.FileAsync(survey, markSkipped, cancellationToken);
        }

        if (survey.Email == EmailState.Skipped && (isNew || markSkipped))
        {
            metrics.NotSurveyed(survey.SkipReason!);
        }

        if (isNew)
        {
            logger.LogInformation("Accepted a {Source} ticket as survey {SurveyId} (channel {Channel}, {State}).", source, survey.Id, survey.Channel ?? "none", survey.SkipReason ?? "to survey");
        }

        return new SurveyIntakeResult(survey, isNew);
    }
}
