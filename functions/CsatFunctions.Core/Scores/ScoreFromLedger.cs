using System.Globalization;
using System.Text.Json;
using CsatFunctions.Ledger;
using CsatFunctions.Ledger.Log;
using CsatFunctions.Surveys;

namespace CsatFunctions.Scores;

/// <summary>The score as the public ledger's entries give it, and where the published figures differ: what an auditor checks.</summary>
public static class ScoreFromLedger
{
    /// <summary>The public document's windows as the chain's entries give them, at the document's own time.</summary>
    public static ScoreWindows Recompute(IEnumerable<LedgerEntry> entries, DateTime generatedAt) =>
        Recompute(entries.OrderBy(e => e.Seq).Select(LogLeaf.Of), generatedAt);

    /// <summary>The public document's windows as the log's leaves, in log order, give them, at the document's own time.</summary>
    public static ScoreWindows Recompute(IEnumerable<LogLeaf> leaves, DateTime generatedAt)
    {
        var counted = new Dictionary<string, string>(StringComparer.Ordinal);
        var latest = new Dictionary<string, LogLeaf>(StringComparer.Ordinal);
        foreach (var leaf in leaves)
        {
            if (leaf.Kind == LedgerEntry.Counted)
            {
                // A later counted entry moves the ticket to its final resolution's day.
                counted[leaf.Id] = leaf.Day;
            }
            else if (leaf.Kind == LedgerEntry.Answered)
            {
                latest[leaf.Id] = leaf;
            }
        }

        // Each day's scale counts are summed here and added to its tally once: adding them answer by answer
        // copies the day's counts each time, most of a year's audit.
        var tallies = new Dictionary<string, DailyTally>(StringComparer.Ordinal);
        var scaleCounts = new Dictionary<string, Dictionary<string, Dictionary<string, int>>>(StringComparer.Ordinal);
        foreach (var (id, dayText) in counted)
        {
            var tally = tallies.GetValueOrDefault(dayText) ?? DailyTally.None(DateOnly.ParseExact(dayText, "yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (!latest.TryGetValue(id, out var answer) || !RatingNames.TryParse(answer.Bucket, out var rating))
            {
                tallies[dayText] = tally.Add(null, notSurveyed: false);
                continue;
            }

            tallies[dayText] = tally.Add(rating, notSurveyed: false);
            if (Scales.Stored(answer.Scale) is { } scale && scale.CountedAs(answer.Value) is { } name)
            {
                var byScale = scaleCounts.TryGetValue(dayText, out var day) ? day : scaleCounts[dayText] = new(StringComparer.Ordinal);
                var counts = byScale.TryGetValue(scale.Name, out var existing) ? existing : byScale[scale.Name] = new(StringComparer.Ordinal);
                counts[name] = counts.GetValueOrDefault(name) + 1;
            }
        }

        foreach (var (dayText, byScale) in scaleCounts)
        {
            var tally = tallies[dayText];
            tallies[dayText] = tally with { Scales = tally.Scales.Plus(new(byScale.ToDictionary(s => s.Key, s => (IReadOnlyDictionary<string, int>)s.Value))) };
        }

        return ScoreCalculator.Calculate("", [.. tallies.Values], new DateTimeOffset(generatedAt, TimeSpan.Zero)).Windows;
    }

    /// <summary>The windows' figures the ledger can vouch for, published beside recomputed, where they differ.</summary>
    public static List<string> Compare(ScoreWindows published, ScoreWindows recomputed)
    {
        var differences = new List<string>();
        foreach (var name in ScoreWindowName.All)
        {
            var (p, r) = (ScoreWindowName.Pick(published, name)!, ScoreWindowName.Pick(recomputed, name)!);
            foreach (var (field, left, right) in new (string, object?, object?)[]
            {
                ("surveyed", p.Surveyed, r.Surveyed), ("rated", p.Rated, r.Rated), ("excellent", p.Excellent, r.Excellent),
                ("satisfactory", p.Satisfactory, r.Satisfactory), ("unsatisfactory", p.Unsatisfactory, r.Unsatisfactory),
                ("satisfactionPercent", p.SatisfactionPercent, r.SatisfactionPercent), ("responseRatePercent", p.ResponseRatePercent, r.ResponseRatePercent),
                ("fivePoint", Json(p.FivePoint), Json(r.FivePoint)), ("nps", Json(p.Nps), Json(r.Nps)),
            })
            {
                if (!Equals(left, right))
                {
                    differences.Add($"{name}.{field}: published {left ?? "null"}, recomputed {right ?? "null"}");
                }
            }
        }

        return differences;
    }

    private static string? Json(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), CsatJson.Default);
}
