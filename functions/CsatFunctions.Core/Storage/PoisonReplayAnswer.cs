namespace CsatFunctions.Storage;

/// <summary>How a replay went: messages sent back to their queue, and those that are not readable messages at all.</summary>
public sealed record PoisonReplayAnswer(int Replayed, int Unreadable);
