using System.Text.Json;
using Azure.Storage.Queues;
using CsatFunctions.Surveys;

namespace CsatFunctions.Storage;

/// <summary>The queue the mailer reads: one message per survey email to send.</summary>
public sealed class SurveyQueue(CsatStorage storage)
{
    private readonly QueueClient queue = storage.SurveyQueue;

    public Task EnqueueAsync(string surveyId, CancellationToken cancellationToken) =>
        EnqueueAsync(new SurveyMessage(surveyId), delay: null, cancellationToken);

    /// <param name="delay">How long the message stays invisible: a retry's back-off, or until another mailer's claim expires.</param>
    public Task EnqueueAsync(SurveyMessage message, TimeSpan? delay, CancellationToken cancellationToken) =>
        queue.SendMessageAsync(
            JsonSerializer.Serialize(message, CsatJson.Default.SurveyMessage),
            visibilityTimeout: delay,
            cancellationToken: cancellationToken);
}
