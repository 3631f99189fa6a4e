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
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<DailyTally>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var tallies = new List<DailyTally>();
        await foreach (var row in table.QueryAsync<TableEntity>(maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            tallies.Add(new DailyTally(
                DayKey.Parse(row.RowKey),
                row.GetInt32("Surveyed") ?? 0,
                row.GetInt32("Excellent") ?? 0,
                row.GetInt32("Satisfactory") ?? 0,
                row.GetInt32("Unsatisfactory") ?? 0,
                row.GetInt32("NotSurveyed") ?? 0));
        }

        return tallies;
    }
}
