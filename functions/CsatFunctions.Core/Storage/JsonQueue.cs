using System.Diagnostics;
using System.Text.Json;
using CsatFunctions.Telemetry;

namespace CsatFunctions.Storage;

/// <summary>
/// A queue of one message type as JSON, and its <c>-poison</c> queue, as the Functions queue trigger
/// and the self-host's twin of it read them (already base64-decoded).
/// </summary>
[PersonalData(PersonalDataErasure.NothingToErase, "Messages name surveys and batches by id; SendGrid's batches themselves are in DeliveryEventBatches.")]
public sealed class JsonQueue<T>(CsatStorage storage) : IProvisioned where T : IQueueMessage<T>
{
    public Azure.Storage.Queues.QueueClient Client { get; } = storage.Queue(T.QueueName);

    public Azure.Storage.Queues.QueueClient Poison { get; } = storage.Queue(T.QueueName + "-poison");

    /// <param name="delay">How long the message stays invisible; null for at once.</param>
    public Task EnqueueAsync(T message, TimeSpan? delay, CancellationToken cancellationToken) =>
        Client.SendMessageAsync(Write(message), visibilityTimeout: delay, cancellationToken: cancellationToken);

    /// <summary>The message's JSON, carrying the current trace (<see cref="MessageTrace"/>).</summary>
    public static string Write(T message) => MessageTrace.Attach(JsonSerializer.Serialize(message, T.JsonType));

    /// <exception cref="JsonException">Not such a message; the queue retries it and then poisons it.</exception>
    public static T Read(string text) =>
        JsonSerializer.Deserialize(text, T.JsonType) is { IsComplete: true } message
            ? message
            : throw new JsonException($"The message is not a complete {typeof(T).Name}.");

    /// <summary>
    /// How both hosts' queue triggers hand a message to its step: read, and handled inside a span
    /// that continues the trace of whoever queued it.
    /// </summary>
    /// <exception cref="JsonException">Not such a message; the queue retries it and then poisons it.</exception>
    public async Task HandleAsync(string text, Func<T, CancellationToken, Task> handle, CancellationToken cancellationToken)
    {
        using var activity = MessageTrace.StartHandling(Client.Name, text);
        try
        {
            await handle(Read(text), cancellationToken);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken)
    {
        await Client.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await Poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }
}
