using System.Diagnostics.Metrics;

namespace CsatFunctions.Telemetry;

/// <summary>
/// The pipeline's counters and histograms. Each counts what happened once it is stored, so a retried
/// delivery or message is not counted again as accepted or sent; it is counted as a duplicate.
/// </summary>
public sealed class CsatMetrics
{
    private readonly Counter<long> ticketsAccepted;
    private readonly Counter<long> ticketDuplicates;
    private readonly Counter<long> notSurveyed;
    private readonly Counter<long> surveysSent;
    private readonly Counter<long> remindersSent;
    private readonly Counter<long> sendGridRetries;
    private readonly Counter<long> emailsFailed;
    private readonly Counter<long> poisoned;
    private readonly Counter<long> ratings;
    private readonly Counter<long> deliveryEvents;
    private readonly Histogram<double> intakeDuration;
    private readonly Histogram<double> aggregationDuration;

    public CsatMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(CsatTelemetry.Name);
        ticketsAccepted = meter.CreateCounter<long>("csat.tickets.accepted", "{ticket}", "Resolved tickets taken in for the first time, by helpdesk (csat.source).");
        ticketDuplicates = meter.CreateCounter<long>("csat.tickets.duplicates", "{delivery}", "Deliveries of a ticket already taken in, by helpdesk (csat.source).");
        notSurveyed = meter.CreateCounter<long>("csat.tickets.not_surveyed", "{ticket}", "Tickets counted but not asked, by reason (csat.reason: no-email, unsubscribed, suppressed, cooldown, erased, internal, reopened).");
        surveysSent = meter.CreateCounter<long>("csat.emails.sent", "{email}", "Survey emails SendGrid took (csat.kind: ticket or campaign).");
        remindersSent = meter.CreateCounter<long>("csat.reminders.sent", "{email}", "Reminder emails SendGrid took.");
        sendGridRetries = meter.CreateCounter<long>("csat.sendgrid.retries", "{attempt}", "Sends SendGrid turned away for a reason that may pass (429, 5xx, unreachable) and queued again (csat.email: survey or reminder).");
        emailsFailed = meter.CreateCounter<long>("csat.emails.failed", "{email}", "Emails SendGrid refused for good (csat.email: survey or reminder).");
        poisoned = meter.CreateCounter<long>("csat.messages.poisoned", "{message}", "Queue messages moved to their poison queue after every attempt failed (messaging.destination.name).");
        ratings = meter.CreateCounter<long>("csat.ratings.recorded", "{answer}", "Answers recorded, a change of mind too (csat.rating: excellent, satisfactory, unsatisfactory; csat.scale).");
        deliveryEvents = meter.CreateCounter<long>("csat.delivery_events.received", "{event}", "SendGrid Event Webhook events taken in.");
        intakeDuration = meter.CreateHistogram<double>("csat.intake.duration", "s", "Time to store a resolved ticket, count it and queue its email, by helpdesk (csat.source).");
        aggregationDuration = meter.CreateHistogram<double>("csat.aggregation.duration", "s", "Time of one refresh of the public score.");
    }

    public void TicketAccepted(string source, TimeSpan took)
    {
        ticketsAccepted.Add(1, new KeyValuePair<string, object?>("csat.source", source));
        intakeDuration.Record(took.TotalSeconds, new KeyValuePair<string, object?>("csat.source", source));
    }

    public void TicketDuplicate(string source, TimeSpan? took)
    {
        ticketDuplicates.Add(1, new KeyValuePair<string, object?>("csat.source", source));
        if (took is { } duration)
        {
            intakeDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("csat.source", source));
        }
    }

    public void NotSurveyed(string reason) => notSurveyed.Add(1, new KeyValuePair<string, object?>("csat.reason", reason));

    public void SurveySent(bool campaign) => surveysSent.Add(1, new KeyValuePair<string, object?>("csat.kind", campaign ? "campaign" : "ticket"));

    public void ReminderSent() => remindersSent.Add(1);

    public void SendGridRetry(string email) => sendGridRetries.Add(1, new KeyValuePair<string, object?>("csat.email", email));

    public void EmailFailed(string email) => emailsFailed.Add(1, new KeyValuePair<string, object?>("csat.email", email));

    public void Poisoned(string queue) => poisoned.Add(1, new KeyValuePair<string, object?>("messaging.destination.name", queue));

    public void RatingRecorded(string rating, string scale) =>
        ratings.Add(1, new KeyValuePair<string, object?>("csat.rating", rating), new KeyValuePair<string, object?>("csat.scale", scale));

    public void DeliveryEventsReceived(int count) => deliveryEvents.Add(count);

    public void Aggregated(TimeSpan took) => aggregationDuration.Record(took.TotalSeconds);
}
