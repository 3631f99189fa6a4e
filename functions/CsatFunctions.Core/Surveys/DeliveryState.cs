namespace CsatFunctions.Surveys;

/// <summary>What SendGrid's events say became of a survey email, as the public score counts it.</summary>
public enum DeliveryState
{
    /// <summary>No delivery event yet (or the Event Webhook is not configured).</summary>
    Unknown,

    Delivered,

    /// <summary>Bounced or dropped; a later delivered event does not undo it.</summary>
    Undeliverable,
}
