namespace CsatFunctions.Storage;

/// <summary>
/// What a queue step does with one message of its queue. Both hosts call it through <see cref="QueueSteps"/>,
/// after <see cref="JsonQueue{T}"/> has read the message and continued its trace; throwing leaves the
/// message to the queue's retries and, after maxDequeueCount of them, its poison queue.
/// </summary>
public interface IQueueHandler<in TMessage>
{
    Task HandleAsync(TMessage message, CancellationToken cancellationToken);
}
