using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CsatFunctions.Storage;

/// <summary>
/// Every registered queue step, by queue name: the self-host starts a listener for each, the Functions
/// app's queue triggers dispatch through it, and the admin routes count and replay each one's poison queue.
/// </summary>
public sealed class QueueSteps(IEnumerable<QueueStep> steps)
{
    /// <summary>In the order they were registered.</summary>
    public IReadOnlyList<QueueStep> All { get; } = [.. steps];

    /// <returns>Null when no step has that queue.</returns>
    public QueueStep? Find(string queue) => All.FirstOrDefault(step => step.Name == queue);

    /// <summary>How a Functions queue trigger hands its message on: one line naming its queue.</summary>
    /// <exception cref="System.Text.Json.JsonException">Not such a message; the queue retries it and then poisons it.</exception>
    public Task HandleAsync(string queue, string text, CancellationToken cancellationToken) =>
        (Find(queue) ?? throw new ArgumentException($"No queue step has the queue {queue}.", nameof(queue))).HandleAsync(text, cancellationToken);
}

/// <summary>Registers queue steps; the one list of them is <c>QueueStepList</c>.</summary>
public static class QueueStepRegistration
{
    /// <summary>
    /// One queue step: the queue named <paramref name="queue"/> (and its <c>-poison</c> queue, both
    /// created at start-up), read as <typeparamref name="TMessage"/> and handled by <typeparamref name="THandler"/>.
    /// </summary>
    public static IServiceCollection AddQueueStep<TMessage, THandler>(this IServiceCollection services, string queue)
        where TMessage : IQueueMessage<TMessage>
        where THandler : class, IQueueHandler<TMessage>
    {
        services.TryAddSingleton<QueueSteps>();
        services.AddSingleton<THandler>();
        services.AddSingleton(provider => new JsonQueue<TMessage>(provider.GetRequiredService<CsatStorage>(), queue));
        services.AddSingleton<IProvisioned>(provider => provider.GetRequiredService<JsonQueue<TMessage>>());
        services.AddSingleton<QueueStep>(provider => new QueueStep<TMessage, THandler>(provider.GetRequiredService<JsonQueue<TMessage>>(), provider));
        return services;
    }
}
