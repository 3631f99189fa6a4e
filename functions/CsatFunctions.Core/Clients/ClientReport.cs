using CsatFunctions.Scores;

namespace CsatFunctions.Clients;

/// <summary>
/// One client company's report for a period (UTC resolution days, inclusive): its figures against the
/// period of the same length just before and against all clients, by month, agent and reason, its
/// answers and its follow-ups. It names no customer: no address, no name. A report shared with the
/// client (<see cref="Shared"/>) names agents by first name only, replaces any address a customer
/// wrote in a comment, and leaves out the follow-ups' owners and notes.
/// </summary>
/// <param name="Total">Equal to <c>byCompany[company]</c> of <c>GET /api/admin/reports</c> for the same days: counted from the same daily counts, as of the last refresh.</param>
/// <param name="AllClients">Every ticket of the period, whatever its company: the desk's <c>total</c>.</param>
/// <param name="ByMonth">Each calendar month the period touches (<c>yyyy-MM</c>), oldest first, from the daily counts.</param>
/// <param name="ByAgent">Counted from the period's surveys of this company as filed now (the day index).</param>
/// <param name="ByReason">As <paramref name="ByAgent"/>; an answer with several reasons counts under each.</param>
/// <param name="Answers">The newest answers first, at most <see cref="ClientReports.MaxAnswers"/>.</param>
/// <param name="AnswersNotShown">How many more answers the period has.</param>
public sealed record ClientReport(
    string Company,
    DateOnly From,
    DateOnly To,
    bool Shared,
    ScoreWindow Total,
    ScoreWindow Previous,
    ScoreWindow AllClients,
    IReadOnlyDictionary<string, ScoreWindow> ByMonth,
    IReadOnlyDictionary<string, ScoreWindow> ByAgent,
    IReadOnlyDictionary<string, ScoreWindow> ByReason,
    IReadOnlyList<ClientAnswer> Answers,
    int AnswersNotShown,
    IReadOnlyList<ClientFollowUp> FollowUps);

/// <summary>One answer of the client's, without the customer's address or name.</summary>
public sealed record ClientAnswer(string TicketId, string Agent, DateTimeOffset RatedAt, string Rating, int? Score, string Scale, string? Comment, IReadOnlyList<string> Reasons);

/// <summary>A follow-up of one of the client's answers, and what the team did about it.</summary>
/// <param name="Owner">Who on the team has it; null in a report shared with the client.</param>
/// <param name="Note">The team's internal note; null in a report shared with the client.</param>
public sealed record ClientFollowUp(string TicketId, string Agent, string Rating, DateTimeOffset OpenedAt, string Status, string? Owner, string? Note, DateTimeOffset? ClosedAt);
