using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CsatFunctions.Storage;
using CsatFunctions.Telemetry;

namespace CsatFunctions.SelfHost.Queues;

/// <summary>
/// Behaves as the Azure Functions queue trigger does: fetches batches, runs a new batch once the
/// messages in flight drop to the threshold, polls with randomized exponential back-off up to
/// maxPollingInterval when idle, keeps a message hidden while its handler runs, hides a failed
/// message for visibilityTimeout, and moves a message that failed maxDequeueCount times to
/// <c>&lt;queue&gt;-poison</c>. A stop is graceful: it stops receiving at once and lets the messages in
/// flight finish, cancelling them only when the host's shutdown timeout runs out.
/// </summary>
public sealed class QueueTriggerListener(
    QueueStep step,
    QueueTriggerOptions options,
    IHostApplicationLifetime lifetime,
    CsatMetrics metrics,
    TimeProvider time,
    ILogger<QueueTriggerListener> logger) : BackgroundService
{
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan FirstRescheduleRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LastRescheduleRetry = TimeSpan.FromSeconds(2);

    // Cancelled only when the shutdown timeout runs out, so a stop does not cut a handler off mid-send.
    private readonly CancellationTokenSource handling = new();

    private readonly QueueClient queue = step.Client;
    private readonly QueueClient poisonQueue = step.Poison;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        using var outOfTime = cancellationToken.Register(handling.Cancel);
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        handling.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The handler may call this very server (the dev mail sink), so wait until it listens.
        await WhenStarted(stoppingToken);
        var inFlight = new List<Task>();
        var idleDelay = MinPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(options.BatchSize, options.MessageLease, stoppingToken)).Value;
            }
            catch (Exception ex) when (StorageFailure.IsOutage(ex, stoppingToken))
            {
                logger.LogWarning(ex, "Could not read queue {Queue}; backing off.", queue.Name);
                messages = [];
            }
            catch (RequestFailedException ex)
            {
                // Refused, not down (403 while a role assignment propagates): keep the host up and ask again at the slowest pace.
                logger.LogError(ex, "Queue {Queue} refused the read ({Status} {ErrorCode}); asking again at the longest polling interval.", queue.Name, ex.Status, ex.ErrorCode);
                await Delay(options.MaxPollingInterval, stoppingToken);
                continue;
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (messages.Length == 0)
            {
                await Delay(Jitter(idleDelay), stoppingToken);
                idleDelay = TimeSpan.FromTicks(Math.Min(idleDelay.Ticks * 2, options.MaxPollingInterval.Ticks));
                continue;
            }

            idleDelay = MinPollingInterval;
            inFlight.AddRange(messages.Select(message => ProcessAsync(message, handling.Token)));
            while (inFlight.Count > options.NewBatchThreshold)
            {
                inFlight.Remove(await Task.WhenAny(inFlight));
            }

            inFlight.RemoveAll(task => task.IsCompleted);
        }

        await Task.WhenAll(inFlight);
    }

    /// <param name="stoppingToken">Cancelled only when the shutdown timeout runs out.</param>
    private async Task ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        if (message.DequeueCount > options.MaxDequeueCount)
        {
            // Delivered more often than allowed without a recorded failure (its handler kept dying).
            await RetryOrPoisonAsync(message, message.PopReceipt);
            return;
        }

        var held = new HeldMessage(queue, message, options.MessageLease, time, logger);
        try
        {
            await step.HandleAsync(message.MessageText, stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            await held.DisposeAsync();
            logger.LogWarning(ex, "Message {MessageId} on {Queue} failed (attempt {Attempt} of {Max}).", message.MessageId, queue.Name, message.DequeueCount, options.MaxDequeueCount);
            await RetryOrPoisonAsync(message, held.PopReceipt);
            return;
        }
        catch (Exception ex) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the message reappears once its lease lapses and is retried then.
            await held.DisposeAsync();
            logger.LogInformation(ex, "Message {MessageId} left for a retry after shutdown.", message.MessageId);
            return;
        }

        await held.DisposeAsync();
        try
        {
            await queue.DeleteMessageAsync(message.MessageId, held.PopReceipt, CancellationToken.None);
        }
        catch (Exception ex) when (ex is RequestFailedException { Status: 400 or 404 } || StorageFailure.IsOutage(ex, CancellationToken.None))
        {
            // Handled, but not deleted: it comes back after its lease, and handlers do nothing twice.
            logger.LogWarning(ex, "Message {MessageId} was handled but could not be deleted; it will be seen again.", message.MessageId);
        }
    }

    /// <summary>
    /// Hides a failed message for visibilityTimeout, or poisons it. If storage is down (often the very
    /// reason the handler failed) this keeps trying for as long as the message's lease lasts, so the
    /// message is retried within seconds of storage returning rather than after the whole lease.
    /// </summary>
    private async Task RetryOrPoisonAsync(QueueMessage message, string popReceipt)
    {
        var giveUpAt = time.GetUtcNow() + options.MessageLease;
        var wait = FirstRescheduleRetry;
        while (true)
        {
            try
            {
                if (message.DequeueCount >= options.MaxDequeueCount)
                {
                    await step.PoisonAsync(message.MessageText, CancellationToken.None);
                    await queue.DeleteMessageAsync(message.MessageId, popReceipt);
                    metrics.Poisoned(queue.Name);
                    logger.LogError("Message {MessageId} moved to {PoisonQueue} after {Attempts} attempts.", message.MessageId, poisonQueue.Name, message.DequeueCount);
                }
                else
                {
                    await queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: options.VisibilityTimeout);
                }

                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 400 or 404)
            {
                // Its lease ran out and it was received again (PopReceiptMismatch), or deleted; its new holder handles it.
                return;
            }
            catch (Exception ex) when (StorageFailure.IsOutage(ex, CancellationToken.None) && time.GetUtcNow() + wait < giveUpAt && !lifetime.ApplicationStopping.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Could not reschedule message {MessageId}; trying again in {Wait}.", message.MessageId, wait);
                await Delay(wait, lifetime.ApplicationStopping);
                wait = wait * 2 < LastRescheduleRetry ? wait * 2 : LastRescheduleRetry;
            }
            catch (Exception ex) when (StorageFailure.IsOutage(ex, CancellationToken.None))
            {
                // The message reappears after its lease and is handled again then.
                logger.LogWarning(ex, "Could not reschedule message {MessageId}; it returns after its lease.", message.MessageId);
                return;
            }
        }
    }

    private Task WhenStarted(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        return started.Task;
    }

    private async Task Delay(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Randomized, so many idle listeners do not poll in step.</summary>
    private static TimeSpan Jitter(TimeSpan delay) => delay * (0.8 + (Random.Shared.NextDouble() * 0.4));
}
