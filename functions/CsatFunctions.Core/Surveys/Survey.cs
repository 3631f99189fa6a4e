
namespace CsatFunctions.Surveys;

/// <summary>One resolved ticket and what became of its survey: the row everything else refers to.</summary>
public sealed record Survey(
    string Id,
    string Source,
    string TicketId,
    string? CustomerEmail,
    string? CustomerName,
    string? Subject,
    string? Agent,
    string? Channel,
    DateTimeOffset ResolvedAt,
    DateTimeOffset ReceivedAt)
{
    public EmailState Email { get; init; } = EmailState.Pending;

    /// <summary>The relationship campaign that asked (its name); null for a ticket's survey. A campaign's answers stay out of the public ticket windows.</summary>
    public string? Campaign { get; init; }

    /// <summary>The language the customer is written to in (<c>de</c>); null for <c>Csat__DefaultLocale</c>.</summary>
    public string? Locale { get; init; }

    /// <summary>Which part of the service the ticket was about, if the helpdesk said.</summary>
    public string? Touchpoint { get; init; }

    /// <summary>The customer's organisation as it was at resolution, if the helpdesk said; null on surveys stored before companies were kept.</summary>
    public string? Company { get; init; }

    /// <summary>The W3C traceparent of the span that took the ticket in: the customer's answer, days later, links to that trace.</summary>
    public string? TraceParent { get; init; }

    /// <summary>Which mailer's attempt holds the send while <see cref="Email"/> is Sending.</summary>
    public string? SendClaimId { get; init; }

    /// <summary>While <see cref="Email"/> is Sending, no other mailer sends before this moment.</summary>
    public DateTimeOffset? SendClaimExpiresAt { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    public string? SendFailure { get; init; }

    /// <summary>Why a Skipped survey was not sent: one of <see cref="SkipReasons"/>.</summary>
    public string? SkipReason { get; init; }

    /// <summary>The question asked; answers on every scale also fall into the three contract buckets.</summary>
    public Scale Scale { get; init; } = Scale.ThreeLevel;

    /// <summary>The answer's contract bucket (excellent, satisfactory, unsatisfactory).</summary>
    public Rating? Rating { get; init; }

    /// <summary>The number answered on the five-point and NPS scales; null on the three-level one.</summary>
    public int? Score { get; init; }

    public string? Comment { get; init; }

    /// <summary>The customer allowed the comment to be published with their first name (the latest answer's choice).</summary>
    public bool Publish { get; init; }

    public DateTimeOffset? RatedAt { get; init; }

    /// <summary>The reasons (<c>Csat__Reasons</c> slugs) the customer ticked with an answer at the bottom of the scale; empty otherwise.</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>The support team's tags on the answer, as they typed them (one line each), in the order added.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>
    /// When the first answer was given; a later <see cref="RatedAt"/> is a change of mind. Null on
    /// surveys answered before this was kept, whose answer is taken as the first.
    /// </summary>
    public DateTimeOffset? FirstRatedAt { get; init; }

    /// <summary>The answer is a change of mind: an answer was given before this one.</summary>
    public bool IsChangeOfMind => RatedAt is { } ratedAt && FirstRatedAt is { } first && first < ratedAt;

    /// <summary>
    /// The answer as it now stands, named once for everything that tells someone about it (a note on
    /// the ticket, a webhook event, an agent's email): the same answer always has the same name, a
    /// change of mind a new one. Null until answered.
    /// </summary>
    public string? AnswerVersion => RatedAt is { } ratedAt ? $"{Id}.{ratedAt.UtcTicks}" : null;

    /// <summary>The rating (by its time) whose alert email went out; a repeat of the same alert sends nothing.</summary>
    public DateTimeOffset? AlertEmailedFor { get; init; }

    /// <summary>Likewise for the chat webhook.</summary>
    public DateTimeOffset? AlertPostedFor { get; init; }

    /// <summary>The rating (by its time) whose kudos post went out to <c>Csat__KudosWebhookUrl</c>.</summary>
    public DateTimeOffset? KudosPostedFor { get; init; }

    /// <summary>When SendGrid reported the survey email processed: proof it was sent, whatever the row says.</summary>
    public DateTimeOffset? ProcessedAt { get; init; }

    /// <summary>When SendGrid reported the survey email delivered to the mailbox.</summary>
    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>SendGrid's reason for a bounce or drop of the survey email; once set, the survey stays undeliverable.</summary>
    public string? UndeliverableBecause { get; init; }

    /// <summary>What the public score counts this survey as: a bounce or drop outranks a delivery, whatever order the events came in.</summary>
    public DeliveryState Delivery =>
        UndeliverableBecause is not null ? DeliveryState.Undeliverable : DeliveredAt is not null ? DeliveryState.Delivered : DeliveryState.Unknown;

    /// <summary>Where the one reminder is; null until a reminder mailer first looks at it.</summary>
    public EmailState? Reminder { get; init; }

    public string? ReminderClaimId { get; init; }

    public DateTimeOffset? ReminderClaimExpiresAt { get; init; }

    public DateTimeOffset? RemindedAt { get; init; }

    public string? ReminderFailure { get; init; }

    /// <summary>When SendGrid reported the reminder processed.</summary>
    public DateTimeOffset? ReminderProcessedAt { get; init; }

    /// <summary>The key of the ticket's entry in <see cref="SurveysByTicket"/>, which erasure empties (then this is erased too); null on surveys older than that table, whose id is the key.</summary>
    public string? TicketKey { get; init; }

    /// <summary>When the customer's personal data was erased from this survey; its answer stays counted, and a later answer keeps no comment.</summary>
    public DateTimeOffset? ErasedAt { get; init; }

    /// <summary>
    /// The ticket's agent is the customer: staff rating a ticket they worked themselves (or a test
    /// ticket). The agent, trimmed, equals the customer's name or email address, trimmed, in any case.
    /// Only whole values match (an address's local part alone does not: "kim" is not kim@customer.com),
    /// and an empty agent or an empty customer field never does. False once the customer's data is erased.
    /// </summary>
    public bool AgentIsCustomer =>
        Agent?.Trim() is { Length: > 0 } agent
        && (string.Equals(agent, CustomerName?.Trim(), StringComparison.OrdinalIgnoreCase) || string.Equals(agent, CustomerEmail?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>When the survey email may leave (<c>Csat__SendDelay</c> after the resolution); null: at once.</summary>
    public DateTimeOffset? SendAfter { get; init; }

    /// <summary>When the helpdesk said the ticket was reopened, until its next resolution takes it in again.</summary>
    public DateTimeOffset? ReopenedAt { get; init; }

    /// <summary>
    /// A later resolution of the ticket than <see cref="ResolvedAt"/> that came as a duplicate (the
    /// survey noted no reopen yet): a reopen older than it is stale, though it is after ResolvedAt.
    /// </summary>
    public DateTimeOffset? LatestResolvedAt { get; init; }

    /// <summary>The ticket's latest resolution known: a reopen not after it is stale, a resolution after it is the next one.</summary>
    public DateTimeOffset LatestResolution => LatestResolvedAt is { } latest && latest > ResolvedAt ? latest : ResolvedAt;

    /// <summary>The UTC day the survey was counted on before its latest resolution moved it: every filing removes it from there.</summary>
    public DateOnly? RefiledFrom { get; init; }

    /// <summary>A survey is counted on the UTC day its ticket was resolved.</summary>
    public DateOnly ResolvedDay => DateOnly.FromDateTime(ResolvedAt.UtcDateTime);
}
