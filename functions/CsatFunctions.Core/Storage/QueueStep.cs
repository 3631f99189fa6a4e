using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Storage;

/// <summary>One registered queue and its handler, with the message type hidden, so hosts and admin routes can treat every queue alike.</summary>
public abstract class QueueStep
{
    /// <summary>The queue's name after the storage prefix and a hyphen, as registered in the step list.</summary>
    public abstract string Name { get; }

    public abstract QueueClient Client { get; }

    public abstract QueueClient Poison { get; }

    /// <summary>Reads one message's text (already base64-decoded) and hands it to the step's handler.</summary>
    /// <exception cref="System.Text.Json.JsonException">Not such a message; the queue retries it and then poisons it.</exception>
    public abstract Task HandleAsync(string text, CancellationToken cancellationToken);

    /// <inheritdoc cref="JsonQueue{T}.PoisonAsync"/>
    public abstract Task PoisonAsync(string text, CancellationToken cancellationToken);

    /// <inheritdoc cref="JsonQueue{T}.ReplayPoisonAsync"/>
    public abstract Task<PoisonReplayAnswer> ReplayPoisonAsync(CancellationToken cancellationToken);
}

/// <param name="services">
/// The handler is resolved at its first message, not with the step: in the self-host's Development
/// mode its SendGrid client needs the server's own address, known only once it listens.
/// </param>
internal sealed class QueueStep<TMessage, THandler>(JsonQueue<TMessage> queue, IServiceProvider services) : QueueStep
    where TMessage : IQueueMessage<TMessage>
    where THandler : IQueueHandler<TMessage>
{
    public override string Name => queue.Name;

    public override QueueClient Client => queue.Client;

    public override QueueClient Poison => queue.Poison;

    public override Task HandleAsync(string text, CancellationToken cancellationToken) =>
        queue.HandleAsync(text, services.GetRequiredService<THandler>().HandleAsync, cancellationToken);

    public override Task PoisonAsync(string text, CancellationToken cancellationToken) =>
        queue.PoisonAsync(text, cancellationToken);

    public override Task<PoisonReplayAnswer> ReplayPoisonAsync(CancellationToken cancellationToken) =>
        queue.ReplayPoisonAsync(cancellationToken);
}
