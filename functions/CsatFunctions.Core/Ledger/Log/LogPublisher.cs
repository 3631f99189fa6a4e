using System.Text.Json;
using Azure;
using CsatFunctions.Storage;
using CsatFunctions.Web;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Ledger.Log;

/// <summary>
/// Publishes the chain as the transparency log, beside the old day files, after each refresh: the
/// leaves' receipt index rows, then every tile and entry bundle the new tree size needs, then the
/// signed (and cosigned) checkpoint. The blobs go straight to <c>Csat__PublishContainer</c>, not through
/// <see cref="Scores.StaticScoreFiles"/>: they are immutable and create-only, so they need neither its
/// per-file hash check (a request per file and restart, thousands for a year's log) nor its rewrite,
/// and they must be written in an order (tiles before the checkpoint) it does not keep.
/// </summary>
/// <remarks>
/// Exactly once and crash safety: refreshes run one at a time under the aggregator's lease, so one
/// publisher writes at a time. <see cref="LogProgress"/> moves after each step's writes are all done;
/// a crash or a failed write leaves it where it was, and the next refresh (here or on another host)
/// redoes that step: upserted index rows and create-only tiles are the same whoever writes them, and a
/// checkpoint is only published once every tile its size needs is there, so a reader following the
/// <c>checkpoint</c> never meets a missing tile. Until then the previous checkpoint stays current, and
/// it remains consistent with every later one because the chain only grows.
/// </remarks>
public sealed class LogPublisher(CsatStorage storage, LogProgress progress, LogReceiptIndex receipts, LogCheckpointWriter checkpoints, CsatOptions options, ILogger<LogPublisher> logger)
{
    // The whole tree in memory (the publisher reads the chain once a start), and the leaves' bytes and
    // ids from the first bundle not yet complete on: what the next tiles and index rows need. Neither is
    // kept when the log is not published.
    private readonly TreeHashes tree = new();
    private readonly List<(byte[] Bytes, string Id)> leaves = [];
    private long firstKept;
    private bool created;

    public long Size => tree.Size;

    /// <summary>log.vkey and log.json, published with the score's files (small, and changed only by settings).</summary>
    public IReadOnlyList<(string Name, PublicResource File)> Files { get; } = Describe(options);

    /// <summary>Adds the chain's next entry as the next leaf (leaf i is entry i + 1).</summary>
    public void Add(LedgerEntry entry)
    {
        if (options.PublishContainer is null)
        {
            return;
        }

        if (entry.Seq != tree.Size + 1)
        {
            throw new InvalidOperationException($"Entry {entry.Seq} cannot be leaf {tree.Size}: the chain is read in order, once.");
        }

        var bytes = LogLeaf.Of(entry).Bytes();
        tree.Append(MerkleTree.LeafHash(bytes));
        leaves.Add((bytes, entry.Id));
    }

    /// <summary>Publishes the tree as it now is; a refresh with nothing new costs one point read and writes nothing.</summary>
    public async Task PublishAsync(CancellationToken cancellationToken)
    {
        if (options.PublishContainer is not { } name)
        {
            return;
        }

        var size = tree.Size;
        try
        {
            var done = await progress.ReadAsync(name, cancellationToken);

            // What is indexed and in complete bundles is never needed again, even when nothing new is published (a restart reads the whole chain).
            Forget(Math.Min(size, Math.Min(done.Indexed, done.Tiled / Tiles.Width * Tiles.Width)));
            if (done.Checkpointed >= size)
            {
                return;
            }

            if (done.Origin is { } origin && origin != options.Log.Origin)
            {
                logger.LogError("The log in {Container} was published as {Published}, and Csat__LogOrigin now says {Origin}: nothing is published, since a renamed log fails every verifier and witness. Set Csat__LogOrigin back to {Published}, or publish the new log to another container.", name, origin, options.Log.Origin, origin);
                return;
            }

            done = done with { Origin = options.Log.Origin };
            var container = storage.ContainerNamed(name);
            if (!created)
            {
                await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                created = true;
            }

            // The index first: a receipt's rows beyond the published checkpoint are simply not shown yet.
            // Rows of leaves appended before this release are the first run's backfill, from Indexed = 0.
            if (done.Indexed < size)
            {
                await receipts.WriteAsync(Range(done.Indexed, size).Select(i => (i, Leaf(i).Id)), cancellationToken);
                await progress.SaveAsync(name, done = done with { Indexed = size }, cancellationToken);
            }

            if (done.Tiled < size)
            {
                var written = await LogTileWriter.WriteAsync(container, tree, i => Leaf(i).Bytes, done.Tiled, size, cancellationToken);
                await progress.SaveAsync(name, done = done with { Tiled = size }, cancellationToken);
                logger.LogInformation("Wrote {Tiles} tile(s) and entry bundle(s) of the log at size {Size}.", written, size);
            }

            if (await checkpoints.PublishAsync(container, size, tree.Root(), ConsistencyProofFrom, cancellationToken))
            {
                await progress.SaveAsync(name, done with { Checkpointed = size }, cancellationToken);
                Forget(size / Tiles.Width * Tiles.Width);
            }
        }
        catch (Exception ex) when (ex is RequestFailedException || StorageFailure.IsOutage(ex, cancellationToken))
        {
            logger.LogWarning(ex, "Could not publish the log at size {Size}; the current checkpoint stays, and the next refresh tries again.", size);
        }
    }

    private Task<IReadOnlyList<byte[]>> ConsistencyProofFrom(long oldSize, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<byte[]>>([.. MerkleTree.ConsistencyRanges(oldSize, tree.Size).Select(range => tree.RangeHash(range.Start, range.End))]);

    private (byte[] Bytes, string Id) Leaf(long index) => index >= firstKept
        ? leaves[(int)(index - firstKept)]
        : throw new InvalidOperationException($"Leaf {index} was forgotten: only leaves from {firstKept} on are kept, those the progress row says are not yet indexed and in complete bundles.");

    private void Forget(long before)
    {
        if (before > firstKept)
        {
            leaves.RemoveRange(0, (int)(before - firstKept));
            firstKept = before;
        }
    }

    private static IEnumerable<long> Range(long start, long end)
    {
        for (var i = start; i < end; i++)
        {
            yield return i;
        }
    }

    private static List<(string, PublicResource)> Describe(CsatOptions options)
    {
        var key = options.Log.SigningKey.VerifierKey;
        var description = new LogDescription(options.Log.Origin, key, [.. options.Log.Witnesses.Select(w => w.Key.VerifierKey)], options.PublicBaseUrl.AbsoluteUri.TrimEnd('/') + "/api/log/receipts/");
        return
        [
            ("log.vkey", PublicResource.ForWebsites(key + "\n", "text/plain; charset=utf-8", TimeSpan.FromMinutes(5))),
            ("log.json", PublicResource.ForWebsites(JsonSerializer.Serialize(description, CsatJson.Default.LogDescription), "application/json; charset=utf-8", TimeSpan.FromMinutes(5))),
        ];
    }
}
