using System.Text.Json;
using Azure.Data.Tables;
using CsatFunctions.Scores;

namespace CsatFunctions.Storage;

/// <summary>The aggregator's per-day counts, one row per day, partitioned by month.</summary>
public sealed class DailyTallyTable(CsatStorage storage)
{
    private readonly TableClient table = storage.ScoreDays;

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
            ["Scales"] = JsonSerializer.Serialize(tally.Scales.ToArray(), CsatJson.Default.Int32Array),
            ["Touchpoints"] = JsonSerializer.Serialize(
                tally.ByTouchpoint.ToDictionary(t => t.Key, t => new[] { t.Value.Surveyed, t.Value.Excellent, t.Value.Satisfactory, t.Value.Unsatisfactory, t.Value.NotSurveyed }),
                CsatJson.Default.DictionaryStringInt32Array),
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<DailyTally>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var tallies = new List<DailyTally>();
        await foreach (var row in table.QueryAsync<TableEntity>(maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            var day = DayKey.Parse(row.RowKey);
            var touchpoints = row.GetString("Touchpoints") is { Length: > 0 } json
                ? JsonSerializer.Deserialize(json, CsatJson.Default.DictionaryStringInt32Array)!
                : [];
            tallies.Add(new DailyTally(
                day,
                row.GetInt32("Surveyed") ?? 0,
                row.GetInt32("Excellent") ?? 0,
                row.GetInt32("Satisfactory") ?? 0,
                row.GetInt32("Unsatisfactory") ?? 0,
                row.GetInt32("NotSurveyed") ?? 0)
            {
                Scales = row.GetString("Scales") is { Length: > 0 } scales ? ScaleCounts.FromArray(JsonSerializer.Deserialize(scales, CsatJson.Default.Int32Array)!) : ScaleCounts.Zero,
                ByTouchpoint = touchpoints.ToDictionary(t => t.Key, t => new DailyTally(day, t.Value[0], t.Value[1], t.Value[2], t.Value[3], t.Value[4])),
            });
        }

        return tallies;
    }
}
