namespace CsatFunctions.Webhooks;

/// <summary>The outgoing webhooks' event types, as the contract names them (full-stop delimited, per Standard Webhooks).</summary>
public static class WebhookEventTypes
{
    /// <summary>A customer's first answer to a survey.</summary>
    public const string RatingRecorded = "rating.recorded";

    /// <summary>A customer's change of mind: a new answer to a survey already answered.</summary>
    public const string RatingChanged = "rating.changed";

    /// <summary>The team changed a follow-up's status, owner or note.</summary>
    public const string FollowUpUpdated = "followup.updated";

    /// <summary>A ticket counted but not asked, or whose survey email could not be delivered.</summary>
    public const string TicketNotSurveyed = "ticket.not_surveyed";

    public static IReadOnlyList<string> All { get; } = [RatingRecorded, RatingChanged, FollowUpUpdated, TicketNotSurveyed];
}
