using System.Text.Json;
using Azure.Data.Tables;
using CsatFunctions.Storage;

namespace CsatFunctions.Scores;

/// <summary>A day's counts as stored, by name, so a count added later reads as zero in older rows rather than shifting others.</summary>
public sealed record StoredCounts(int Surveyed, int Excellent, int Satisfactory, int Unsatisfactory, int NotSurveyed, int Delivered = 0, int Undeliverable = 0, int Reminded = 0);

/// <summary>
/// The aggregator's per-day counts, one row per day, partitioned by month. Counts are stored by
/// name: the totals as columns, the scales' counts and each breakdown as a JSON object in a column of
/// its own. Rows written before that (scales as an array by position, touchpoints as arrays) still read.
/// </summary>
[PersonalData(PersonalDataErasure.NothingToErase, "Counts per day.")]
public sealed class DailyTallyTable(CsatStorage storage) : IProvisioned
{
    private const string BreakdownColumn = "By_";

    /// <summary>Between a breakdown's name and the number of a further part of its JSON.</summary>
    private const string PartSeparator = "__";

    /// <summary>
    /// A string property holds at most 64 KiB of UTF-16, 32,768 characters. A breakdown with many
    /// keys (an MSP's hundreds of client companies in a day, each name up to 200 characters) is
    /// split over as many properties as it needs, within the row's 1 MiB.
    /// </summary>
    private const int PartLength = 30_000;
    private readonly TableClient table = storage.Table("ScoreDays");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    public async Task SaveAsync(DailyTally tally, CancellationToken cancellationToken)
    {
        if (tally.Surveyed == 0)
        {
            await table.DeleteEntityAsync(DayKey.MonthOf(tally.Day), DayKey.Of(tally.Day), cancellationToken: cancellationToken);
            return;
        }

        var entity = new TableEntity(DayKey.MonthOf(tally.Day), DayKey.Of(tally.Day))
        {
            ["Surveyed"] = tally.Surveyed,
            ["Excellent"] = tally.Excellent,
            ["Satisfactory"] = tally.Satisfactory,
            ["Unsatisfactory"] = tally.Unsatisfactory,
            ["NotSurveyed"] = tally.NotSurveyed,
            ["Delivered"] = tally.Delivered,
            ["Undeliverable"] = tally.Undeliverable,
            ["Reminded"] = tally.Reminded,
            ["Scales"] = JsonSerializer.Serialize(tally.Scales.ToStored(), CsatJson.Default.DictionaryStringDictionaryStringInt32),
        };

        // Properties of their own per breakdown: a table property holds at most 64 KiB, so they do not share one.
        foreach (var (name, keyed) in tally.Breakdowns)
        {
            var json = JsonSerializer.Serialize(keyed.ToDictionary(k => k.Key, k => Stored(k.Value)), CsatJson.Default.DictionaryStringStoredCounts);
            for (var part = 0; part * PartLength < json.Length; part++)
            {
                entity[BreakdownColumn + name + (part == 0 ? "" : PartSeparator + part.ToString(System.Globalization.CultureInfo.InvariantCulture))] = json.Substring(part * PartLength, Math.Min(PartLength, json.Length - part * PartLength));
            }
        }

        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public Task<IReadOnlyList<DailyTally>> ReadAllAsync(CancellationToken cancellationToken) => ReadAsync(null, cancellationToken);

    /// <summary>The days from <paramref name="from"/> to <paramref name="to"/> (inclusive) that had surveys.</summary>
    public Task<IReadOnlyList<DailyTally>> ReadRangeAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        ReadAsync(TableClient.CreateQueryFilter($"PartitionKey ge {DayKey.MonthOf(from)} and PartitionKey le {DayKey.MonthOf(to)} and RowKey ge {DayKey.Of(from)} and RowKey le {DayKey.Of(to)}"), cancellationToken);

    private async Task<IReadOnlyList<DailyTally>> ReadAsync(string? filter, CancellationToken cancellationToken)
    {
        var tallies = new List<DailyTally>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            var day = DayKey.Parse(row.RowKey);
            tallies.Add(new DailyTally(
                day,
                row.GetInt32("Surveyed") ?? 0,
                row.GetInt32("Excellent") ?? 0,
                row.GetInt32("Satisfactory") ?? 0,
                row.GetInt32("Unsatisfactory") ?? 0,
                row.GetInt32("NotSurveyed") ?? 0)
            {
                Delivered = row.GetInt32("Delivered") ?? 0,
                Undeliverable = row.GetInt32("Undeliverable") ?? 0,
                Reminded = row.GetInt32("Reminded") ?? 0,
                Scales = Scales(row.GetString("Scales")),
                Breakdowns = Breakdowns(row, day),
            });
        }

        return tallies;
    }

    private static StoredCounts Stored(DailyTally tally) =>
        new(tally.Surveyed, tally.Excellent, tally.Satisfactory, tally.Unsatisfactory, tally.NotSurveyed, tally.Delivered, tally.Undeliverable, tally.Reminded);

    private static ScaleCounts Scales(string? json) => json switch
    {
        null or "" => ScaleCounts.Zero,

        // Written before counts were stored by name: the eight counts by position.
        ['[', ..] => ScaleCounts.FromArray(JsonSerializer.Deserialize(json, CsatJson.Default.Int32Array)!),
        _ => ScaleCounts.FromStored(JsonSerializer.Deserialize(json, CsatJson.Default.DictionaryStringDictionaryStringInt32)!),
    };

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, DailyTally>> Breakdowns(TableEntity row, DateOnly day)
    {
        var byName = row.Keys
            .Where(key => key.StartsWith(BreakdownColumn, StringComparison.Ordinal))
            .Select(key => (Key: key, Name: key[BreakdownColumn.Length..].Split(PartSeparator)))
            .GroupBy(part => part.Name[0])
            .ToList();
        if (byName.Count > 0)
        {
            return byName.ToDictionary(
                parts => parts.Key,
                parts => (IReadOnlyDictionary<string, DailyTally>)JsonSerializer.Deserialize(
                        string.Concat(parts.OrderBy(part => part.Name.Length == 1 ? 0 : int.Parse(part.Name[1], System.Globalization.CultureInfo.InvariantCulture)).Select(part => row.GetString(part.Key))),
                        CsatJson.Default.DictionaryStringStoredCounts)!
                    .ToDictionary(k => k.Key, k => Tally(day, k.Value)));
        }

        // Written before breakdowns were data: touchpoints only, five counts by position.
        var touchpoints = row.GetString("Touchpoints") is { Length: > 0 } old
            ? JsonSerializer.Deserialize(old, CsatJson.Default.DictionaryStringInt32Array)!
            : [];
        return new Dictionary<string, IReadOnlyDictionary<string, DailyTally>>
        {
            [Scores.Breakdowns.Touchpoint] = touchpoints.ToDictionary(t => t.Key, t => new DailyTally(day, t.Value[0], t.Value[1], t.Value[2], t.Value[3], t.Value[4])),
        };
    }

    private static DailyTally Tally(DateOnly day, StoredCounts counts) =>
        new(day, counts.Surveyed, counts.Excellent, counts.Satisfactory, counts.Unsatisfactory, counts.NotSurveyed)
        {
            Delivered = counts.Delivered,
            Undeliverable = counts.Undeliverable,
            Reminded = counts.Reminded,
        };
}
