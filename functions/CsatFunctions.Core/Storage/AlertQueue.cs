using System.Text.Json;
using Azure.Storage.Queues;
using CsatFunctions.Ratings;

namespace CsatFunctions.Storage;

/// <summary>The queue the alerter reads: one message per rating at the bottom of the scale.</summary>
public sealed class AlertQueue(CsatStorage storage)
{
    private readonly QueueClient queue = storage.AlertQueue;

    public Task EnqueueAsync(RatingAlertMessage message, CancellationToken cancellationToken) =>
        queue.SendMessageAsync(JsonSerializer.Serialize(message, CsatJson.Default.RatingAlertMessage), cancellationToken: cancellationToken);
}
