using System.Text.Json;
using Azure.Storage.Queues;
using CsatFunctions.Surveys;

namespace CsatFunctions.Storage;

/// <summary>The queue the mailer reads: one message per survey email to send.</summary>
public sealed class SurveyQueue(CsatStorage storage)
{
    private readonly QueueClient queue = storage.SurveyQueue;

    /// <param name="delay">How long the message stays invisible; used to come back after another mailer's claim expires.</param>
    public Task EnqueueAsync(string surveyId, TimeSpan? delay, CancellationToken cancellationToken) =>
        queue.SendMessageAsync(
            JsonSerializer.Serialize(new SurveyMessage(surveyId), CsatJson.Default.SurveyMessage),
            visibilityTimeout: delay,
            cancellationToken: cancellationToken);
}
