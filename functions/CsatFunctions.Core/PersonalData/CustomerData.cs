namespace CsatFunctions.PersonalData;

/// <summary><c>GET /api/admin/customers/{email}</c>: everything held about an address.</summary>
public sealed record CustomerData(string Email, HeldConsent? Consent, IReadOnlyList<HeldSurvey> Surveys, IReadOnlyList<string> Campaigns);

/// <summary>The consent record: unsubscribed, suppressed (why, since when), and when the customer was last surveyed.</summary>
public sealed record HeldConsent(bool Unsubscribed, string? SuppressedBecause, DateTimeOffset? SuppressedAt, DateTimeOffset? LastSurveyedAt);

/// <summary>One survey of the customer's, with everything kept about it.</summary>
public sealed record HeldSurvey(
    string SurveyId,
    string Source,
    string TicketId,
    string? CustomerName,
    string? Subject,
    string? Agent,
    string? Company,
    string? Channel,
    string? Touchpoint,
    DateTimeOffset ResolvedAt,
    DateTimeOffset ReceivedAt,
    string Email,
    string? SkipReason,
    DateTimeOffset? SentAt,
    DateTimeOffset? DeliveredAt,
    string? UndeliverableBecause,
    DateTimeOffset? RemindedAt,
    string? Rating,
    int? Score,
    string? Comment,
    bool Publish,
    DateTimeOffset? RatedAt,
    HeldComment? PublishedComment,
    HeldFollowUp? FollowUp);

/// <summary>The comment as the public comments list it (author as first name and initial), and whether the team removed it.</summary>
public sealed record HeldComment(string? Author, string? RemovedBecause);

/// <summary>The support team's follow-up of the answer.</summary>
public sealed record HeldFollowUp(string Status, string Owner, string Note, DateTimeOffset OpenedAt, DateTimeOffset? FirstContactAt, DateTimeOffset? ClosedAt);

/// <summary><c>DELETE /api/admin/customers/{email}</c>: what was erased.</summary>
public sealed record ErasureAnswer(string Status, int Surveys, bool ConsentRecord);
