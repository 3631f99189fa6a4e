

namespace CsatFunctions.Ratings.FollowUps;

/// <summary>Where a follow-up stands. Stored and sent by its lowercase name.</summary>
public enum FollowUpStatus
{
    /// <summary>Opened by an answer at the bottom of its scale; nobody has contacted the customer yet.</summary>
    Open,

    Contacted,

    Resolved,

    /// <summary>The customer answered again above the bottom of the scale.</summary>
    Recovered,
}

/// <summary>
/// The support team's follow-up of one answer at the bottom of its scale: who owns it, what was
/// done, and when the customer was first contacted.
/// </summary>
/// <param name="Company">The client company as it was at resolution; null when none, or opened before companies were kept.</param>
/// <param name="OpenedAt">When the bottom answer was given.</param>
public sealed record FollowUp(
    string SurveyId,
    string TicketId,
    string Source,
    string Agent,
    string? Company,
    DateOnly ResolvedDay,
    string Rating,
    FollowUpStatus Status,
    string Owner,
    string Note,
    DateTimeOffset OpenedAt,
    DateTimeOffset? FirstContactAt,
    DateTimeOffset? ClosedAt);
