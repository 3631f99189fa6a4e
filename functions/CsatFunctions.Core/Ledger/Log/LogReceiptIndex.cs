using System.Globalization;
using Azure.Data.Tables;
using CsatFunctions.Storage;

namespace CsatFunctions.Ledger.Log;

/// <summary>
/// Which leaves of the log carry an opaque id (counted, answered, a change of mind, a move): a row
/// <c>i-{id}-{index}</c> per leaf in the Ledger table's <c>log</c> partition, so the receipt route finds
/// an id's leaves with one range query. Rows are upserted, so writing a leaf again (after a crash, or
/// the one-time backfill of the leaves appended before the log) changes nothing.
/// </summary>
[PersonalData(PersonalDataErasure.NothingToErase, "Opaque ids keyed by the ledger key and leaf numbers, as public as the log itself.")]
public sealed class LogReceiptIndex(CsatStorage storage)
{
    /// <summary>Table Storage's limit of actions a transaction (all in one partition).</summary>
    private const int RowsPerTransaction = 100;

    private readonly TableClient table = storage.Table("Ledger");

    /// <param name="leaves">The leaves by index.</param>
    public async Task WriteAsync(IEnumerable<(long Index, string Id)> leaves, CancellationToken cancellationToken)
    {
        foreach (var batch in leaves.Chunk(RowsPerTransaction))
        {
            await table.SubmitTransactionAsync(
                batch.Select(leaf => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(LogProgress.Partition, Key(leaf.Id, leaf.Index)))),
                cancellationToken);
        }
    }

    /// <returns>The indices of the id's leaves, in order.</returns>
    public async Task<List<long>> FindAsync(string id, CancellationToken cancellationToken)
    {
        var indices = new List<long>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {LogProgress.Partition} and RowKey gt {"i-" + id + "-"} and RowKey lt {"i-" + id + "."}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            indices.Add(long.Parse(row.RowKey[^12..], CultureInfo.InvariantCulture));
        }

        return indices;
    }

    private static string Key(string id, long index) => $"i-{id}-{index.ToString("D12", CultureInfo.InvariantCulture)}";
}
