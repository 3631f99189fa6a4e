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
public sealed class LedgerArchive(CsatStorage storage, CsatOptions options, ILogger<LedgerArchive> logger)
{
    // The newest day this process has seen archived: earlier ones are not sent again. After a start the
    // first pass offers every finished day once more and the create-only writes refuse those already there.
    private string archivedThrough = "";
    private bool created;

    /// <param name="finished">The finished days, in order.</param>
    /// <returns>How many days were archived now.</returns>
    public async Task<int> ArchiveAsync(IEnumerable<LedgerDayFile> finished, Func<long, string, LedgerCheckpoint> checkpoint, CancellationToken cancellationToken)
    {
        if (options.LedgerArchiveContainer is not { } name)
        {
            return 0;
        }

        var container = storage.ContainerNamed(name);
        if (!created)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            created = true;
        }

        var archived = 0;
        foreach (var day in finished.Where(day => string.CompareOrdinal(day.Day, archivedThrough) > 0))
        {
            if (await CreateOnceAsync(container.GetBlobClient(day.Name), day.Text, "application/x-ndjson; charset=utf-8", cancellationToken))
            {
                await CreateOnceAsync(
                    container.GetBlobClient($"{day.Day}.checkpoint.json"),
                    JsonSerializer.Serialize(checkpoint(day.Last, day.LastHash), CsatJson.Default.LedgerCheckpoint),
                    "application/json; charset=utf-8",
                    cancellationToken);
                archived++;
            }

            archivedThrough = day.Day;
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
