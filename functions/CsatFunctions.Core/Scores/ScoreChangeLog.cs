using Azure;
using Azure.Data.Tables;
using CsatFunctions.Storage;

namespace CsatFunctions.Scores;

/// <summary>A day marked as changed, with the ETag it had when the aggregator read it.</summary>
public sealed record ScoreChange(DateOnly Day, string PartitionKey, ETag ETag);

/// <summary>
/// The days whose counts changed since the last aggregation, so a refresh costs what changed rather
/// than the whole history. Each write re-marks its day (new ETag); the aggregator forgets a mark only
/// if it is unchanged since it was read, so a change made during a refresh is picked up by the next.
/// </summary>
[PersonalData(PersonalDataErasure.NothingToErase, "Days to recount, with a survey id.")]
public sealed class ScoreChangeLog(CsatStorage storage) : IProvisioned
{
    private readonly TableClient table = storage.Table("ScoreChanges");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>Call after the change itself is stored; marks are spread over 16 partitions by survey id.</summary>
    public Task MarkAsync(DateOnly day, string surveyId, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(new TableEntity(surveyId[..1], DayKey.Of(day)), TableUpdateMode.Replace, cancellationToken);

    public async Task<IReadOnlyList<ScoreChange>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var changes = new List<ScoreChange>();
        await foreach (var row in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            changes.Add(new ScoreChange(DayKey.Parse(row.RowKey), row.PartitionKey, row.ETag));
        }

        return changes;
    }

    public async Task ForgetAsync(ScoreChange change, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(change.PartitionKey, DayKey.Of(change.Day), change.ETag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Gone already, or re-marked during this refresh: either way the next refresh is right.
        }
    }
}
