using System.Text.Json.Serialization.Metadata;

namespace CsatFunctions.Storage;

/// <summary>A message type with a queue of its own (named where its step is registered): the message's wire format.</summary>
public interface IQueueMessage<TSelf> where TSelf : IQueueMessage<TSelf>
{
    static abstract JsonTypeInfo<TSelf> JsonType { get; }

    /// <summary>False for a message that parsed but lacks what its handler needs.</summary>
    bool IsComplete { get; }

    /// <summary>What a message replayed from the poison queue starts as: the same, unless it counts its own attempts.</summary>
    static virtual TSelf ForReplay(TSelf message) => message;
}
