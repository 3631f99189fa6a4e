using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CsatFunctions.Storage;

namespace CsatFunctions.SelfHost.Queues;

/// <summary>
/// A received message while its handler runs. Its lease is renewed at half-time, as the Functions host
/// renews a message it is processing, so the lease can be short: a live handler keeps its message,
/// while the messages of a dead process, or a batch whose receive answer an outage cut off, come back
/// within one lease rather than after minutes.
/// </summary>
internal sealed class HeldMessage : IAsyncDisposable
{
    private readonly QueueClient queue;
    private readonly TimeSpan lease;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stop = new();
    private readonly Task renewal;

    public HeldMessage(QueueClient queue, QueueMessage message, TimeSpan lease, TimeProvider time, ILogger logger)
    {
        this.queue = queue;
        this.lease = lease;
        this.time = time;
        this.logger = logger;
        Message = message;
        PopReceipt = message.PopReceipt;
        renewal = RenewAsync();
    }

    public QueueMessage Message { get; }

    /// <summary>The receipt of the latest renewal: deleting or rescheduling the message needs it.</summary>
    public string PopReceipt { get; private set; }

    /// <summary>Stops renewing; call before using <see cref="PopReceipt"/> to delete or reschedule.</summary>
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await renewal;
        stop.Dispose();
    }

    private async Task RenewAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(lease / 2, time, stop.Token);
                try
                {
                    PopReceipt = (await queue.UpdateMessageAsync(Message.MessageId, PopReceipt, visibilityTimeout: lease, cancellationToken: stop.Token)).Value.PopReceipt;
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    // Received again elsewhere after an earlier renewal failed; its new holder has it.
                    return;
                }
                catch (Exception ex) when (StorageFailure.IsOutage(ex, stop.Token))
                {
                    logger.LogWarning(ex, "Could not renew the lease of message {MessageId}; trying again at the next half-lease.", Message.MessageId);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }
}
