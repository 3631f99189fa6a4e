using System.Text.Json;
using CsatFunctions.Storage;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Surveys;

/// <summary>How a replay went: messages sent back to the survey queue, and those that are not survey messages at all.</summary>
public sealed record PoisonReplayAnswer(int Replayed, int Unreadable);

/// <summary>
/// <c>POST /api/admin/surveys/poison/replay</c>: after the cause is fixed (SendGrid back, a bug
/// deployed away), moves every survey message from the poison queue back to the survey queue with
/// its attempts reset. Sending stays exactly-once: a replayed survey that was sent meanwhile sends nothing.
/// Messages that are not survey messages stay in the poison queue for a person to look at.
/// </summary>
public sealed class PoisonReplayEndpoint(AdminKey adminKey, CsatStorage storage, SurveyQueue queue, ILogger<PoisonReplayEndpoint> logger)
{
    /// <summary>Long enough to finish one pass, so a message left behind is not seen twice in it.</summary>
    private static readonly TimeSpan Hold = TimeSpan.FromMinutes(2);

    public async Task<IResult> ReplayAsync(HttpRequest request, CancellationToken cancellationToken)
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
                var batch = (await storage.SurveyPoisonQueue.ReceiveMessagesAsync(32, Hold, cancellationToken)).Value;
                if (batch.Length == 0)
                {
                    break;
                }

                foreach (var message in batch)
                {
                    SurveyMessage survey;
                    try
                    {
                        survey = SurveyMessage.Parse(message.MessageText);
                    }
                    catch (JsonException)
                    {
                        unreadable.Add(message);
                        continue;
                    }

                    await queue.EnqueueAsync(survey.SurveyId, cancellationToken);
                    await storage.SurveyPoisonQueue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                    replayed++;
                }
            }

            // Held only to keep this pass from seeing them twice: show them again at once.
            foreach (var message in unreadable)
            {
                await storage.SurveyPoisonQueue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
            }

            logger.LogInformation("Replayed {Replayed} poisoned survey message(s); {Unreadable} unreadable left in place.", replayed, unreadable.Count);
            return Results.Json(new PoisonReplayAnswer(replayed, unreadable.Count), CsatJson.Default.PoisonReplayAnswer);
        }
        catch (Exception ex) when (StorageFailure.IsOutage(ex, cancellationToken))
        {
            logger.LogWarning(ex, "Storage failed during a poison replay.");
            return Problems.StorageUnavailable();
        }
    }
}
