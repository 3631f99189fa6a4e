using CsatFunctions.Surveys;

namespace CsatFunctions.Scores;

/// <summary>An answered survey as filed under its resolution day: what the desk lists and exports.</summary>
/// <param name="Agent">The agent credited when the survey went out; <c>""</c> when none.</param>
/// <param name="Channel"><c>""</c> when none.</param>
/// <param name="Reasons">The <c>Csat__Reasons</c> slugs ticked with an answer at the bottom of the scale; empty otherwise.</param>
/// <param name="Company">The client company as it was at resolution; null when none, or filed before companies were kept.</param>
/// <param name="Tags">The team's tags on the answer, in the order given.</param>
/// <param name="AgentIsCustomer">The ticket's agent is the customer (<see cref="Survey.AgentIsCustomer"/>): staff rating their own ticket.</param>
public sealed record FiledAnswer(
    string SurveyId,
    string TicketId,
    string Source,
    string Agent,
    string Channel,
    string? Touchpoint,
    string? Company,
    DateTimeOffset ResolvedAt,
    DateTimeOffset RatedAt,
    Scale Scale,
    Rating Rating,
    int? Score,
    string? Comment,
    bool Publish,
    string? CustomerEmail,
    string? CustomerName,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<string> Tags,
    bool AgentIsCustomer);
