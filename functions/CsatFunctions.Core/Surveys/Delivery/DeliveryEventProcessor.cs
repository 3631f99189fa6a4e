using CsatFunctions.Consent;
using Microsoft.Extensions.Logging;
using CsatFunctions.Storage;

namespace CsatFunctions.Surveys.Delivery;

/// <summary>
/// The queue step behind the Event Webhook: applies one stored batch of SendGrid's events to the
/// surveys they name. Per survey, each fact (processed, delivered, undeliverable) is only ever set,
/// never cleared, so a batch applied twice, or events in any order, end in the same state; a bounce
/// outranks a delivery. An event of another round's email (<c>survey_round</c>: the ticket was asked
/// again after a reopen) sets nothing. Suppressions are recorded once per <c>sg_event_id</c>, whatever
/// the round, for the address the event names. Events of surveys we do not know are ignored.
/// </summary>
public sealed class DeliveryEventProcessor(
    DeliveryEventBatches batches,
    SurveyTable surveys,
    CustomerRegistry customers,
    ICountsSurveys counted,
    ILogger<DeliveryEventProcessor> logger) : IQueueHandler<DeliveryEventsMessage>
{
    /// <summary>Surveys worked on at once: a batch of thousands is mostly waiting on storage.</summary>
    private const int Parallelism = 32;

    /// <summary>How often a write that lost to another (a resolution asking again, another batch, the mailer) reads again and decides again.</summary>
    private const int WriteAttempts = 5;

    public async Task HandleAsync(DeliveryEventsMessage message, CancellationToken cancellationToken)
    {
        if (await batches.ReadAsync(message.Batch, cancellationToken) is not { } body)
        {
            return;
        }

        var bySurvey = DeliveryEventReader.Read(body.ToMemory()).GroupBy(e => e.SurveyId).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(bySurvey, parallel, async (events, token) => await ApplyAsync(events.Key, [.. events], token));

        // Removed only once every event is applied: a failure part-way leaves the batch for the retry.
        await batches.RemoveAsync(message.Batch, cancellationToken);
        logger.LogInformation("Applied SendGrid's events for {Surveys} survey(s).", bySurvey.Count);
    }

    private async Task ApplyAsync(string surveyId, IReadOnlyList<DeliveryEvent> events, CancellationToken cancellationToken)
    {
        // An erased survey (no address) suppresses nothing: erasure keeps the opt-out without the address.
        if (await RecordAsync(surveyId, events, cancellationToken) is not { CustomerEmail: not null } survey)
        {
            return;
        }

        // Every event's suppression stands, whichever email it was about, for the address it went to
        // (SendGrid's email field): a resolution asking again may have taken another customer's address
        // in, and an earlier email's bounce must not suppress them. An event without the field is taken
        // as about the survey's address only when it is of the current email.
        foreach (var suppressing in events.Where(e => e.SuppressionReason is not null))
        {
            if ((suppressing.Email ?? (suppressing.IsOfAnotherRound(survey) ? null : survey.CustomerEmail)) is not { } email)
            {
                continue;
            }

            if (suppressing.EventId is { } eventId)
            {
                await customers.SuppressForEventAsync(email, suppressing.SuppressionReason!, suppressing.At, eventId, cancellationToken);
            }
            else
            {
                await customers.SuppressAsync(email, suppressing.SuppressionReason!, suppressing.At, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Sets what the events of the survey's current email say, conditional on the row as read: a
    /// resolution asking again (<c>Csat__ReopenAfterEmail=ask-again</c>) that rewrote the row after it
    /// was read makes this read it again and decide again, so an earlier email's facts never land on
    /// the new one's row.
    /// </summary>
    /// <returns>The survey as read, or null when we do not know it.</returns>
    private async Task<Survey?> RecordAsync(string surveyId, IReadOnlyList<DeliveryEvent> events, CancellationToken cancellationToken)
    {
        var refile = false;
        for (var attempt = 1; attempt <= WriteAttempts; attempt++)
        {
            if (await surveys.GetAsync(surveyId, cancellationToken) is not { } stored)
            {
                return null;
            }

            var survey = stored.Survey;
            var current = events.Where(e => !e.IsOfAnotherRound(survey)).ToList();
            if (current.Count < events.Count && attempt == 1)
            {
                logger.LogInformation("Ignored {Events} SendGrid event(s) of an earlier email of survey {SurveyId}; only their suppressions apply.", events.Count - current.Count, surveyId);
            }

            var updated = current.OrderBy(e => e.At).Aggregate(survey, Apply);

            // Filed first: a failure before the row is written leaves the row without the facts, so the
            // retry applies them again and files them again; never a row ahead of the count. A filing
            // made for a row that then lost the race is made again for the row as it is now.
            if (updated.Delivery != survey.Delivery || refile)
            {
                await counted.FileAsync(updated, cancellationToken);
                refile = true;
            }

            if (updated == survey || await surveys.TryRecordDeliveryAsync(stored, updated, cancellationToken))
            {
                return survey;
            }
        }

        throw new InvalidOperationException($"Survey {surveyId} kept changing while SendGrid's events were applied; the batch is retried.");
    }

    /// <summary>The survey with what one event says set, where it was not set already.</summary>
    private static Survey Apply(Survey survey, DeliveryEvent delivery) => delivery switch
    {
        { Reminder: true, Name: "processed" } => survey with { ReminderProcessedAt = survey.ReminderProcessedAt ?? delivery.At },

        // The reminder's other events say nothing about whether the survey email arrived.
        { Reminder: true } => survey,
        { Name: "processed" } => survey with { ProcessedAt = survey.ProcessedAt ?? delivery.At },
        { Name: "delivered" } => survey with { DeliveredAt = survey.DeliveredAt ?? delivery.At },
        { IsUndeliverable: true } => survey with { UndeliverableBecause = survey.UndeliverableBecause ?? UndeliverableReason(delivery) },
        _ => survey,
    };

    private static string UndeliverableReason(DeliveryEvent delivery) =>
        AddressFreeText.Of(string.Join(": ", new[] { delivery.Name, delivery.Type, delivery.Reason }.Where(part => !string.IsNullOrEmpty(part)).Distinct()));
}
