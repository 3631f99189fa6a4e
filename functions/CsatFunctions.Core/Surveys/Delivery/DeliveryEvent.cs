namespace CsatFunctions.Surveys.Delivery;

/// <summary>One of SendGrid's events about a survey's email, as far as the survey is concerned.</summary>
/// <param name="EventId">SendGrid's <c>sg_event_id</c>: the same event delivered twice carries the same one.</param>
/// <param name="Name">SendGrid's <c>event</c>: processed, delivered, bounce, dropped, spamreport, unsubscribe, group_unsubscribe.</param>
/// <param name="Reminder">The event is about the reminder, not the survey email itself.</param>
/// <param name="Reason">SendGrid's <c>reason</c> (a bounce's SMTP answer, a drop's cause), cleaned and cut.</param>
/// <param name="Type">A bounce's <c>type</c>: <c>bounce</c> (permanent) or <c>blocked</c> (temporary).</param>
public sealed record DeliveryEvent(string SurveyId, string? EventId, string Name, DateTimeOffset At, bool Reminder, string? Reason, string? Type)
{
    /// <summary>The survey's email never reached the mailbox.</summary>
    public bool IsUndeliverable => Name is "bounce" or "dropped";

    /// <summary>
    /// Why the address goes on the suppression list, or null when it does not: a hard bounce, a drop
    /// for a bounced or invalid address, a spam report, an unsubscribe. Only SendGrid's own words are
    /// kept, never the SMTP text, which can quote the address.
    /// </summary>
    public string? SuppressionReason => Name switch
    {
        "bounce" when Type == "bounce" => "bounce",
        "dropped" when Reason is "Bounced Address" or "Invalid" or "Invalid Address" => $"dropped: {Reason}",
        "spamreport" or "unsubscribe" or "group_unsubscribe" => Name,
        _ => null,
    };
}
