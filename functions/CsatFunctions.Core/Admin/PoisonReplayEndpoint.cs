using System.Text.Json;
using CsatFunctions.Alerts;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using CsatFunctions.Surveys.Delivery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Admin;

/// <summary>How a replay went: messages sent back to their queue, and those that are not readable messages at all.</summary>
public sealed record PoisonReplayAnswer(int Replayed, int Unreadable);

/// <summary>
/// <c>POST /api/admin/{surveys,alerts,reminders,delivery-events}/poison/replay</c>: after
/// the cause is fixed (SendGrid or the chat back, a bug deployed away), moves every message from a
/// poison queue back to its queue, survey and reminder messages with their attempts reset. Sending
/// stays exactly-once: a replayed survey or reminder that was sent meanwhile sends nothing, an alert
/// is told once per channel and answer, and a batch of SendGrid's events applied twice changes nothing. Messages that cannot be read stay in the poison queue for a person to look at.
/// </summary>
public sealed class PoisonReplayEndpoint(
    JsonQueue<SurveyMessage> surveyQueue,
    JsonQueue<RatingAlertMessage> alertQueue,
    JsonQueue<ReminderMessage> reminderQueue,
    JsonQueue<DeliveryEventsMessage> eventQueue,
    ILogger<PoisonReplayEndpoint> logger)
{
    /// <summary>Long enough to finish one pass, so a message left behind is not seen twice in it.</summary>
    private static readonly TimeSpan Hold = TimeSpan.FromMinutes(2);

    public Task<IResult> ReplaySurveysAsync(CancellationToken cancellationToken) =>
        ReplayAsync(surveyQueue, message => message with { Attempt = 0 }, cancellationToken);

    public Task<IResult> ReplayAlertsAsync(CancellationToken cancellationToken) =>
        ReplayAsync(alertQueue, message => message, cancellationToken);

    public Task<IResult> ReplayRemindersAsync(CancellationToken cancellationToken) =>
        ReplayAsync(reminderQueue, message => message with { Attempt = 0 }, cancellationToken);

    public Task<IResult> ReplayDeliveryEventsAsync(CancellationToken cancellationToken) =>
        ReplayAsync(eventQueue, message => message, cancellationToken);

    private async Task<IResult> ReplayAsync<T>(JsonQueue<T> queue, Func<T, T> fresh, CancellationToken cancellationToken) where T : IQueueMessage<T>
    {
        var replayed = 0;
        var unreadable = new List<Azure.Storage.Queues.Models.QueueMessage>();
        while (true)
        {
            var batch = (await queue.Poison.ReceiveMessagesAsync(32, Hold, cancellationToken)).Value;
            if (batch.Length == 0)
            {
                break;
            }

            foreach (var message in batch)
            {
                T read;
                try
                {
                    read = JsonQueue<T>.Read(message.MessageText);
                }
                catch (JsonException)
                {
                    unreadable.Add(message);
                    continue;
                }

                await queue.EnqueueAsync(fresh(read), null, cancellationToken);
                await queue.Poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                replayed++;
            }
        }

        // Held only to keep this pass from seeing them twice: show them again at once.
        foreach (var message in unreadable)
        {
            await queue.Poison.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
        }

        logger.LogInformation("Replayed {Replayed} message(s) from {Poison}; {Unreadable} unreadable left in place.", replayed, queue.Poison.Name, unreadable.Count);
        return Results.Json(new PoisonReplayAnswer(replayed, unreadable.Count), CsatJson.Default.PoisonReplayAnswer);
    }
}
