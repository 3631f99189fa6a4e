using CsatFunctions.Storage;

namespace CsatFunctions.SelfHost.Queues;

/// <summary>
/// One <see cref="QueueTriggerListener"/> per registered queue step, as the Functions host runs one
/// queue trigger per queue: started together, and stopped together so that every listener's messages
/// in flight share the host's shutdown timeout.
/// </summary>
public sealed class QueueListeners(QueueSteps steps, IServiceProvider services) : IHostedService, IDisposable
{
    private readonly List<QueueTriggerListener> listeners = [.. steps.All.Select(step => ActivatorUtilities.CreateInstance<QueueTriggerListener>(services, step))];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var listener in listeners)
        {
            await listener.StartAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(listeners.Select(listener => listener.StopAsync(cancellationToken)));

    public void Dispose()
    {
        foreach (var listener in listeners)
        {
            listener.Dispose();
        }
    }
}
