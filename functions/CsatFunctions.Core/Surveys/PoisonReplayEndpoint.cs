using System.Text.Json;
using Azure.Storage.Queues;
using CsatFunctions.Ratings;
using CsatFunctions.Storage;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Surveys;

/// <summary>How a replay went: messages sent back to their queue, and those that are not readable messages at all.</summary>
public sealed record PoisonReplayAnswer(int Replayed, int Unreadable);

/// <summary>
/// <c>POST /api/admin/surveys/poison/replay</c> and <c>POST /api/admin/alerts/poison/replay</c>: after
/// the cause is fixed (SendGrid or the chat back, a bug deployed away), moves every message from a
/// poison queue back to its queue with its attempts reset. Sending stays exactly-once: a replayed
/// survey that was sent meanwhile sends nothing, and an alert is told once per channel and answer.
/// Messages that cannot be read stay in the poison queue for a person to look at.
/// </summary>
public sealed class PoisonReplayEndpoint(AdminKey adminKey, CsatStorage storage, ILogger<PoisonReplayEndpoint> logger)
{
    /// <summary>Long enough to finish one pass, so a message left behind is not seen twice in it.</summary>
    private static readonly TimeSpan Hold = TimeSpan.FromMinutes(2);

    public Task<IResult> ReplaySurveysAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ReplayAsync(request, storage.SurveyPoisonQueue, storage.SurveyQueue, text => JsonSerializer.Serialize(SurveyMessage.Parse(text) with { Attempt = 0 }, CsatJson.Default.SurveyMessage), cancellationToken);

    public Task<IResult> ReplayAlertsAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ReplayAsync(request, storage.AlertPoisonQueue, storage.AlertQueue, text => JsonSerializer.Serialize(RatingAlertMessage.Parse(text), CsatJson.Default.RatingAlertMessage), cancellationToken);

    /// <param name="fresh">The message to queue again, read from the poisoned one; throws <see cref="JsonException"/> when unreadable.</param>
    private async Task<IResult> ReplayAsync(HttpRequest request, QueueClient poison, QueueClient target, Func<string, string> fresh, CancellationToken cancellationToken)
    {
        if (!adminKey.Allows(request))
        {
            return adminKey.Refusal();
        }

        try
        {
            var replayed = 0;
            var unreadable = new List<Azure.Storage.Queues.Models.QueueMessage>();
            while (true)
            {
                var batch = (await poison.ReceiveMessagesAsync(32, Hold, cancellationToken)).Value;
                if (batch.Length == 0)
                {
                    break;
                }

                foreach (var message in batch)
                {
                    string text;
                    try
                    {
                        text = fresh(message.MessageText);
                    }
                    catch (JsonException)
                    {
                        unreadable.Add(message);
                        continue;
                    }

                    await target.SendMessageAsync(text, cancellationToken);
                    await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                    replayed++;
                }
            }

            // Held only to keep this pass from seeing them twice: show them again at once.
            foreach (var message in unreadable)
            {
                await poison.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
            }

            logger.LogInformation("Replayed {Replayed} message(s) from {Poison}; {Unreadable} unreadable left in place.", replayed, poison.Name, unreadable.Count);
            return Results.Json(new PoisonReplayAnswer(replayed, unreadable.Count), CsatJson.Default.PoisonReplayAnswer);
        }
        catch (Exception ex) when (StorageFailure.IsOutage(ex, cancellationToken))
        {
            logger.LogWarning(ex, "Storage failed during a poison replay.");
            return Problems.StorageUnavailable();
        }
    }
}
