using System.Text.Json.Serialization.Metadata;

namespace CsatFunctions.Storage;

/// <summary>A message type with a queue of its own: the queue's name and the message's wire format.</summary>
public interface IQueueMessage<TSelf> where TSelf : IQueueMessage<TSelf>
{
    /// <summary>The queue's name after the storage prefix and a hyphen; its poison queue adds <c>-poison</c>.</summary>
    static abstract string QueueName { get; }

    static abstract JsonTypeInfo<TSelf> JsonType { get; }

    /// <summary>False for a message that parsed but lacks what its handler needs.</summary>
    bool IsComplete { get; }
}
