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
public sealed class HeldMessage : IAsyncDisposable
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

    /// <summary>
    /// Stops renewing and waits for a renewal under way to finish, so <see cref="PopReceipt"/> is the
    /// latest; call before deleting or rescheduling the message. Safe to call more than once.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested)
        {
            await stop.CancelAsync();
        }

        await renewal;
    }

    private async Task RenewAsync()
    {
        var wait = lease / 2;
        while (true)
        {
            try
            {
                await Task.Delay(wait, time, stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // Not cancelled once started: a renewal the queue applied must leave its receipt here.
            try
            {
                PopReceipt = (await queue.UpdateMessageAsync(Message.MessageId, PopReceipt, visibilityTimeout: lease, cancellationToken: CancellationToken.None)).Value.PopReceipt;
                wait = lease / 2;
            }
            catch (RequestFailedException ex) when (ex.Status is 400 or 404)
            {
                // Received again elsewhere after earlier renewals failed (PopReceiptMismatch), or gone: no longer ours.
                return;
            }
            catch (Exception ex) when (StorageFailure.IsOutage(ex, CancellationToken.None))
            {
                // Try again soon, well before the lease runs out, not at its very end.
                logger.LogWarning(ex, "Could not renew the lease of message {MessageId}; trying again shortly.", Message.MessageId);
                wait = lease / 8;
            }
        }
    }
}
