namespace CsatFunctions.Storage;

/// <summary>
/// A row kept changing (or went) between a step's read and its write conditional on it, every time
/// the step tried: others wrote at the same moment (the mailer's claim, a delivery event, an erasure).
/// Nothing is wrong and a retry a moment later succeeds, so a route answers 503 with Retry-After
/// (<c>Web/StorageOutageAnswer</c>), never a 500, and a queue message is simply retried.
/// </summary>
public sealed class ConcurrentChangeException(string message) : Exception(message);
