namespace CsatFunctions.Surveys.Delivery;

/// <summary>One of SendGrid's events about a survey's email, as far as the survey is concerned.</summary>
/// <param name="EventId">SendGrid's <c>sg_event_id</c>: the same event delivered twice carries the same one.</param>
/// <param name="Name">SendGrid's <c>event</c>: processed, delivered, bounce, dropped, spamreport, unsubscribe, group_unsubscribe.</param>
/// <param name="Reminder">The event is about the reminder, not the survey email itself.</param>
/// <param name="Reason">SendGrid's <c>reason</c> (a bounce's SMTP answer, a drop's cause), cleaned and cut.</param>
/// <param name="Type">A bounce's <c>type</c>: <c>bounce</c> (permanent) or <c>blocked</c> (temporary).</param>
/// <param name="Round">The <c>survey_round</c> custom argument: which of the survey's emails (one per resolution asked) the event is about; null for an email sent before it was carried.</param>
/// <param name="Email">SendGrid's <c>email</c>: the address the email went to, which a suppression applies to (an earlier round's may not be the survey's address now). Never logged.</param>
public sealed record DeliveryEvent(string SurveyId, string? EventId, string Name, DateTimeOffset At, bool Reminder, string? Reason, string? Type, string? Round, string? Email)
{
    /// <summary>
    /// About an email of another resolution of the survey's ticket (<c>Csat__ReopenAfterEmail=ask-again</c>)
    /// than the one the survey now stands for. An event without a round is about an email sent before
    /// rounds were carried: it stands for the current one, as it always did.
    /// </summary>
    public bool IsOfAnotherRound(Survey survey) => Round is not null && Round != RoundOf(survey);

    /// <summary>The survey's current round as its emails carry it: its resolution's UTC ticks, which a resolution asking again replaces.</summary>
    public static string RoundOf(Survey survey) => survey.ResolvedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);

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
