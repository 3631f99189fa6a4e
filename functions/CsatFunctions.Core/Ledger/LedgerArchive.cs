using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using CsatFunctions.Storage;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Ledger;

/// <summary>
/// The write-once copy: once a UTC day is over its entries never change, so its file, and a checkpoint
/// signed over the chain up to its last entry, are written once to <c>Csat__LedgerArchiveContainer</c>,
/// which has a time-based retention (WORM) policy in Azure: nobody, the company included, can change or
/// delete them until the policy's period ends. A day already there is left alone (the write is
/// create-only), so repeating the archive never fails and never rewrites.
/// </summary>
public sealed class LedgerArchive(CsatStorage storage, CsatOptions options, TimeProvider time, ILogger<LedgerArchive> logger)
{
    /// <returns>How many days were archived now.</returns>
    public async Task<int> ArchiveAsync(IReadOnlyList<(LedgerEntry Entry, string AppendedOn)> entries, Func<long, string, LedgerCheckpoint> checkpoint, CancellationToken cancellationToken)
    {
        if (options.LedgerArchiveContainer is not { } name)
        {
            return 0;
        }

        var container = storage.ContainerNamed(name);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var archived = 0;
        foreach (var day in entries.GroupBy(e => e.AppendedOn).Where(d => string.CompareOrdinal(d.Key, today) < 0))
        {
            var lines = string.Concat(day.Select(e => JsonSerializer.Serialize(e.Entry, CsatJson.Default.LedgerEntry) + "\n"));
            var last = day.Last().Entry;
            if (await CreateOnceAsync(container.GetBlobClient($"{day.Key}.jsonl"), lines, "application/x-ndjson; charset=utf-8", cancellationToken))
            {
                await CreateOnceAsync(
                    container.GetBlobClient($"{day.Key}.checkpoint.json"),
                    JsonSerializer.Serialize(checkpoint(last.Seq, last.Hash), CsatJson.Default.LedgerCheckpoint),
                    "application/json; charset=utf-8",
                    cancellationToken);
                archived++;
            }
        }

        if (archived > 0)
        {
            logger.LogInformation("Archived {Days} finished day(s) of the ledger to {Container}.", archived, name);
        }

        return archived;
    }

    private static async Task<bool> CreateOnceAsync(Azure.Storage.Blobs.BlobClient blob, string content, string contentType, CancellationToken cancellationToken)
    {
        try
        {
            await blob.UploadAsync(
                BinaryData.FromString(content),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType }, Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Archived before: it stays as it was written.
            return false;
        }
    }
}
