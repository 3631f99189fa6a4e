using Azure.Data.Tables;
using CsatFunctions.Storage;

namespace CsatFunctions.Ledger.Log;

/// <summary>
/// How far the log is published, one row in the Ledger table (partition <c>log</c>), each number a tree
/// size: the leaves whose receipt index rows are written, the size whose tiles and entry bundles are all
/// written, and the size whose checkpoint is published. Each moves only after its writes are done, so a
/// restart redoes at most the last unfinished step (its writes are idempotent) and never re-checks the
/// thousands of blobs before it. The sizes hold for the container they were written to: when
/// <c>Csat__PublishContainer</c> names another one, its tiles and checkpoints are written from the start.
/// The row also keeps the origin the log was published under, so a changed <c>Csat__LogOrigin</c> is
/// noticed before it starts a second log in the same files.
/// </summary>
public sealed class LogProgress(CsatStorage storage)
{
    public const string Partition = "log";
    private const string Row = "progress";

    private readonly TableClient table = storage.Table("Ledger");

    /// <summary>-1 for a checkpoint never published (a checkpoint of size 0 is one).</summary>
    /// <param name="Origin">The origin the log in this container was published under; null before any (or in a row older than this field).</param>
    public sealed record Sizes(long Indexed, long Tiled, long Checkpointed, string? Origin = null);

    /// <param name="container">The container the log is published to now.</param>
    public async Task<Sizes> ReadAsync(string container, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return new Sizes(0, 0, -1);
        }

        var indexed = row.Value!.GetInt64("Indexed") ?? 0;
        return row.Value.GetString("Container") == container
            ? new Sizes(indexed, row.Value.GetInt64("Tiled") ?? 0, row.Value.GetInt64("Checkpointed") ?? -1, row.Value.GetString("Origin"))
            : new Sizes(indexed, 0, -1);
    }

    public async Task SaveAsync(string container, Sizes sizes, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(
            new TableEntity(Partition, Row) { ["Container"] = container, ["Indexed"] = sizes.Indexed, ["Tiled"] = sizes.Tiled, ["Checkpointed"] = sizes.Checkpointed, ["Origin"] = sizes.Origin },
            TableUpdateMode.Replace,
            cancellationToken);
}
