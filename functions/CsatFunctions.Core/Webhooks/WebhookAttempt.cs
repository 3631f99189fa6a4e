namespace CsatFunctions.Webhooks;

/// <summary>How one attempt to deliver an event went.</summary>
public enum WebhookOutcome
{
    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>It failed, and the event will be tried again.</summary>
    Retrying,

    /// <summary>It failed and the schedule is used up (or the receiver answered 410 Gone): the event is in the poison queue.</summary>
    GivenUp,
}

/// <param name="Status">The receiver's HTTP status, or <c>timeout</c> / <c>unreachable</c> when there was none.</param>
public sealed record WebhookAttempt(WebhookOutcome Outcome, string Status, DateTimeOffset At);
