using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using CsatFunctions.Tickets;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Helpdesks;

/// <summary>
/// The queue step behind the helpdesks that announce a ticket without its details: reads the ticket
/// from the helpdesk's API (<see cref="HelpdeskFormat.LookUpAsync"/>) and takes it in like any other:
/// a resolved ticket is surveyed, an open one is the helpdesk's reopen signal.
/// An API that throttles, fails or cannot be reached is tried again with the survey email's back-off,
/// never sooner than its <c>Retry-After</c>; after <see cref="SendRetryPolicy.MaxAttempts"/> attempts
/// the message goes to the queue's retries and then its poison queue, counted at
/// <c>/api/admin/surveys/failed</c> and replayable once the cause is fixed. Intake is idempotent per
/// ticket, so a look-up repeated after a crash surveys nobody twice.
/// </summary>
public sealed class HelpdeskLookups(
    CsatOptions options,
    HelpdeskClients clients,
    SurveyIntake intake,
    JsonQueue<HelpdeskLookupMessage> queue,
    TimeProvider time,
    ILogger<HelpdeskLookups> logger) : IQueueHandler<HelpdeskLookupMessage>
{
    public async Task HandleAsync(HelpdeskLookupMessage message, CancellationToken cancellationToken)
    {
        var format = HelpdeskFormats.Find(message.Helpdesk) ?? throw new InvalidOperationException($"No helpdesk is called {message.Helpdesk}.");
        if (!options.Helpdesks.TryGetValue(format.Name, out var config))
        {
            throw new InvalidOperationException($"{format.Name} is no longer configured; its look-up waits in the poison queue to be replayed once it is.");
        }

        HelpdeskReading reading;
        try
        {
            reading = await format.LookUpAsync(message, clients.For(config), cancellationToken);
        }
        catch (Exception ex) when (ex is HelpdeskApiException or HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var attempt = message.Attempt + 1;
            if (SendRetryPolicy.NextDelay(attempt, options.SendRetryDelay, (ex as HelpdeskApiException)?.Headers, time.GetUtcNow()) is not { } delay)
            {
                throw new InvalidOperationException($"{format.Name}'s API failed {attempt} look-ups of ticket {message.TicketId}; giving up on back-off.", ex);
            }

            await queue.EnqueueAsync(message with { Attempt = attempt }, delay, cancellationToken);
            logger.LogWarning("{Helpdesk}'s API failed the look-up of ticket {TicketId} (attempt {Attempt}); retrying in {Delay}: {Reason}", format.Name, message.TicketId, attempt, delay, ex.Message);
            return;
        }

        if (reading.Errors is { } errors)
        {
            throw new InvalidOperationException($"{format.Name}'s API gave ticket {message.TicketId} invalid fields: {string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}");
        }

        if (reading.Ticket is { } ticket)
        {
            // Without a usable resolution time from the API, the ticket resolved when the helpdesk
            // said so, not when a look-up delayed by retries got through.
            var accepted = await intake.AcceptAsync(ticket with { ResolvedAt = ticket.ResolvedAt ?? message.ReceivedAt }, format.Name, time.GetUtcNow(), cancellationToken);
            logger.LogInformation("Looked up {Helpdesk} ticket {TicketId}: survey {SurveyId}, {State}.", format.Name, message.TicketId, accepted.Survey.Id, accepted.IsNew ? "new" : "already taken");
        }
        else if (reading.Reopened is { } reopened)
        {
            // Without an API time, the ticket was reopened when the helpdesk called back about it.
            var answer = await intake.ReopenAsync(reopened with { ReopenedAt = reopened.ReopenedAt ?? message.ReceivedAt }, format.Name, time.GetUtcNow(), cancellationToken);
            logger.LogInformation("Looked up {Helpdesk} ticket {TicketId}: open, a reopen: {Status} {Reason}", format.Name, message.TicketId, answer.Status, answer.Reason);
        }
        else
        {
            logger.LogInformation("Looked up {Helpdesk} ticket {TicketId}: not surveyed, {Reason}", format.Name, message.TicketId, reading.IgnoredBecause);
        }
    }
}
