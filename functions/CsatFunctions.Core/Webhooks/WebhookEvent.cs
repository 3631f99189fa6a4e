using System.Text.Json.Serialization;

namespace CsatFunctions.Webhooks;

/// <summary>
/// An outgoing webhook's body, as Standard Webhooks recommends: <c>type</c>, <c>timestamp</c> (when
/// the event happened, not when this attempt was made) and <c>data</c>.
/// </summary>
public sealed record WebhookEvent(string Type, DateTimeOffset Timestamp, WebhookEventData Data);

/// <summary>
/// What an event says of its survey: only the fields that apply are written. Never the customer's
/// address or name; the comment is the customer's own words with any email address in it taken out.
/// </summary>
/// <param name="Rating">The answer's contract bucket: excellent, satisfactory or unsatisfactory.</param>
/// <param name="Score">The number answered on the five-point and NPS scales.</param>
/// <param name="RatedAt">When the customer gave this answer: a receiver keeps the answer with the latest.</param>
/// <param name="Reason">Why a ticket was not surveyed: no-email, unsubscribed, suppressed, cooldown, erased, internal, reopened or undeliverable.</param>
public sealed record WebhookEventData(
    string SurveyId,
    string TicketId,
    string Source,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Company,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Agent,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Channel,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Rating,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Score,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Scale,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Comment,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? RatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] WebhookFollowUp? FollowUp)
{
    /// <summary>On answers: the reasons (<c>Csat__Reasons</c> slugs) ticked with it, empty for any answer not at the bottom of the scale, so a change of mind clears them.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Reasons { get; init; }
}

/// <summary>
/// The team's follow-up of an answer at the bottom of its scale, and the desk's link to it. The
/// team's note is left out: it may say anything about the customer.
/// </summary>
public sealed record WebhookFollowUp(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Owner,
    DateTimeOffset OpenedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? FirstContactAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ClosedAt,
    string Url);
