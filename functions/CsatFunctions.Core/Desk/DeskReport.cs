using CsatFunctions.Ratings.FollowUps;
using CsatFunctions.Scores;

namespace CsatFunctions.Desk;

/// <summary>How many follow-ups stand where, and how long the team takes to reach a customer.</summary>
/// <param name="MedianHoursToFirstContact">Over the follow-ups contacted so far; null when none is.</param>
public sealed record FollowUpCounts(int Open, int Contacted, int Resolved, int Recovered, double? MedianHoursToFirstContact)
{
    public static FollowUpCounts Of(IReadOnlyCollection<FollowUp> followUps)
    {
        var hours = followUps.Where(f => f.FirstContactAt is not null).Select(f => (f.FirstContactAt!.Value - f.OpenedAt).TotalHours).Order().ToList();
        double? median = hours.Count == 0 ? null : Math.Round(hours.Count % 2 == 1 ? hours[hours.Count / 2] : (hours[hours.Count / 2 - 1] + hours[hours.Count / 2]) / 2, 1);
        int Count(FollowUpStatus status) => followUps.Count(f => f.Status == status);
        return new(Count(FollowUpStatus.Open), Count(FollowUpStatus.Contacted), Count(FollowUpStatus.Resolved), Count(FollowUpStatus.Recovered), median);
    }
}

/// <summary>
/// <c>GET /api/admin/reports</c>: a period's figures (UTC resolution days, inclusive) with the same
/// fields as a public window, the period of the same length just before it, each breakdown, and the
/// follow-ups of the period's surveys. An answer with several reasons or tags counts under each. Counted as of the last refresh, from the same daily counts as
/// the public document, so the same days give the same numbers.
/// </summary>
public sealed record DeskReport(
    DateOnly From,
    DateOnly To,
    ScoreWindow Total,
    ScoreWindow Previous,
    IReadOnlyDictionary<string, ScoreWindow> ByAgent,
    IReadOnlyDictionary<string, ScoreWindow> ByChannel,
    IReadOnlyDictionary<string, ScoreWindow> BySource,
    IReadOnlyDictionary<string, ScoreWindow> ByTouchpoint,
    IReadOnlyDictionary<string, ScoreWindow> ByCompany,
    IReadOnlyDictionary<string, ScoreWindow> ByReason,
    IReadOnlyDictionary<string, ScoreWindow> ByTag,
    FollowUpCounts FollowUps);
