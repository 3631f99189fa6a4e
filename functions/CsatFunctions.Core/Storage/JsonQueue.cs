using System.Diagnostics;
using System.Text.Json;
using CsatFunctions.Telemetry;

namespace CsatFunctions.Storage;

/// <summary>
/// A queue of one message type as JSON, and its <c>-poison</c> queue, as the Functions queue trigger
/// and the self-host's twin of it read them (already base64-decoded).
/// </summary>
/// <param name="name">The queue's name after the storage prefix and a hyphen, as the step list registers it.</param>
[PersonalData(PersonalDataErasure.NothingToErase, "Messages name surveys and batches by id; SendGrid's batches themselves are in DeliveryEventBatches.")]
public sealed class JsonQueue<T>(CsatStorage storage, string name) : IProvisioned where T : IQueueMessage<T>
{
    /// <summary>Long enough to finish one replay pass, so a message left behind is not seen twice in it.</summary>
    private static readonly TimeSpan ReplayHold = TimeSpan.FromMinutes(2);

    public string Name { get; } = name;

    public Azure.Storage.Queues.QueueClient Client { get; } = storage.Queue(name);

    public Azure.Storage.Queues.QueueClient Poison { get; } = storage.Queue(name + "-poison");

    /// <summary>
    /// Never expires (-1 s). A queue's default time-to-live is 7 days, counted from the insert, and a
    /// message hidden that long (<see cref="CsatOptions.LongestQueueDelay"/>: a survey waiting out
    /// <c>Csat__SendDelay</c>, a reminder) would expire as it became visible, its email never sent; nor
    /// may a message waiting out an outage of the hosts be lost. Each is deleted once handled.
    /// </summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(-1);

    /// <param name="delay">How long the message stays invisible; null for at once.</param>
    /// <returns>Storage's receipt: when the message shows, and when it would expire (never).</returns>
    public async Task<Azure.Storage.Queues.Models.SendReceipt> EnqueueAsync(T message, TimeSpan? delay, CancellationToken cancellationToken) =>
        await Client.SendMessageAsync(Write(message), visibilityTimeout: delay, timeToLive: TimeToLive, cancellationToken: cancellationToken);

    /// <summary>
    /// Keeps a message that failed for good in the poison queue, to be counted and replayed: with no
    /// time-to-live either, so one poisoned before a long outage is still there to replay after it.
    /// </summary>
    public async Task PoisonAsync(string text, CancellationToken cancellationToken) =>
        await Poison.SendMessageAsync(text, visibilityTimeout: null, timeToLive: TimeToLive, cancellationToken: cancellationToken);

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

    /// <summary>
    /// After the cause is fixed, moves every message from the poison queue back to the queue, as
    /// <see cref="IQueueMessage{TSelf}.ForReplay"/> says it starts again. Messages that cannot be read
    /// stay in the poison queue for a person to look at.
    /// </summary>
    public async Task<PoisonReplayAnswer> ReplayPoisonAsync(CancellationToken cancellationToken)
    {
        var replayed = 0;
        var unreadable = new List<Azure.Storage.Queues.Models.QueueMessage>();
        while ((await Poison.ReceiveMessagesAsync(32, ReplayHold, cancellationToken)).Value is { Length: > 0 } batch)
        {
            foreach (var message in batch)
            {
                T read;
                try
                {
                    read = Read(message.MessageText);
                }
                catch (JsonException)
                {
                    unreadable.Add(message);
                    continue;
                }

                await EnqueueAsync(T.ForReplay(read), null, cancellationToken);
                await Poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                replayed++;
            }
        }

        // Held only to keep this pass from seeing them twice: show them again at once.
        foreach (var message in unreadable)
        {
            await Poison.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
        }

        return new PoisonReplayAnswer(replayed, unreadable.Count);
    }

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken)
    {
        await Client.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await Poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }
}
