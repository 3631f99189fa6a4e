using CsatFunctions.Surveys;

namespace CsatFunctions.Scores;

/// <summary>
/// The scales' own counts beside the contract's buckets, by scale name and then by the name the
/// scale gives each count (<see cref="Scale.CountedAs"/>): "five-point" → "1".."5", "nps" →
/// promoters, passives, detractors. Stored by name, so a new scale or count reads as zero in older rows.
/// </summary>
public sealed record ScaleCounts(IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> ByScale)
{
    public static ScaleCounts Zero { get; } = new(new Dictionary<string, IReadOnlyDictionary<string, int>>());

    /// <summary>One scale's counts; empty when nobody answered on it.</summary>
    public IReadOnlyDictionary<string, int> Of(Scale scale) =>
        ByScale.TryGetValue(scale.Name, out var counts) ? counts : new Dictionary<string, int>();

    public int Of(Scale scale, string name) => Of(scale).GetValueOrDefault(name);

    public ScaleCounts Add(Scale scale, int? score) =>
        scale.CountedAs(score) is { } name
            ? Plus(new(new Dictionary<string, IReadOnlyDictionary<string, int>> { [scale.Name] = new Dictionary<string, int> { [name] = 1 } }))
            : this;

    public ScaleCounts Plus(ScaleCounts other)
    {
        var sum = ByScale.ToDictionary(s => s.Key, s => s.Value.ToDictionary(c => c.Key, c => c.Value));
        foreach (var (scale, counts) in other.ByScale)
        {
            var into = sum.TryGetValue(scale, out var existing) ? existing : sum[scale] = [];
            foreach (var (name, count) in counts)
            {
                into[name] = into.GetValueOrDefault(name) + count;
            }
        }

        return new(sum.ToDictionary(s => s.Key, s => (IReadOnlyDictionary<string, int>)s.Value));
    }

    /// <summary>Reads the counts as rows stored them before they were stored by name: eight by position.</summary>
    public static ScaleCounts FromArray(int[] values) => values.Length == 8
        ? new(new Dictionary<string, IReadOnlyDictionary<string, int>>
        {
            [Scale.FivePoint.Name] = new Dictionary<string, int> { ["1"] = values[0], ["2"] = values[1], ["3"] = values[2], ["4"] = values[3], ["5"] = values[4] },
            [Scale.Nps.Name] = new Dictionary<string, int> { [NpsScale.Promoters] = values[5], [NpsScale.Passives] = values[6], [NpsScale.Detractors] = values[7] },
        })
        : Zero;

    public Dictionary<string, Dictionary<string, int>> ToStored() =>
        ByScale.ToDictionary(s => s.Key, s => s.Value.ToDictionary(c => c.Key, c => c.Value));

    public static ScaleCounts FromStored(Dictionary<string, Dictionary<string, int>> stored) =>
        new(stored.ToDictionary(s => s.Key, s => (IReadOnlyDictionary<string, int>)s.Value));
}
