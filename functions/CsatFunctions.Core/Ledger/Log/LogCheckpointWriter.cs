using System.Globalization;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CsatFunctions.Storage;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Ledger.Log;

/// <summary>
/// Signs a tree size's checkpoint, has the witnesses cosign it, and publishes it: first to the archive
/// of checkpoints (<c>checkpoints/{size}</c>, create-only, and to <c>Csat__LedgerArchiveContainer</c>
/// when set), then as the current <c>checkpoint</c>. A size is signed once: when its archived checkpoint
/// is already there (a crash after writing it, or another host), that one is published, so the same size
/// never shows two checkpoints, not even two sets of witnesses' timestamps.
/// </summary>
public sealed class LogCheckpointWriter(CsatStorage storage, LogWitnesses witnesses, CsatOptions options, ILogger<LogCheckpointWriter> logger)
{
    public const string Current = "checkpoint";
    public const string ContentType = "text/plain; charset=utf-8";

    private bool archiveCreated;

    public static string ArchivedPath(long size) => "checkpoints/" + size.ToString(CultureInfo.InvariantCulture);

    /// <returns>The signed checkpoint as published.</returns>
    public async Task<string> PublishAsync(
        BlobContainerClient container,
        long size,
        byte[] root,
        Func<long, CancellationToken, Task<IReadOnlyList<byte[]>>> consistencyProofFrom,
        CancellationToken cancellationToken)
    {
        var archived = container.GetBlobClient(ArchivedPath(size));
        var text = await ArchivedTextAsync(archived, cancellationToken);
        if (text is null)
        {
            var note = new LogCheckpoint(options.Log.Origin, size, root).Text;
            var signed = new SignedNote(note, [options.Log.SigningKey.Sign(note)]);
            var cosignatures = await witnesses.CosignAsync(signed, consistencyProofFrom, cancellationToken);
            text = (signed with { Signatures = [.. signed.Signatures, .. cosignatures] }).ToString();

            // Lost a race for this size (only possible outside the lease): the first one written stands.
            if (!await WriteOnceBlob.CreateAsync(archived, Encoding.UTF8.GetBytes(text), Immutable, cancellationToken))
            {
                text = await ArchivedTextAsync(archived, cancellationToken) ?? text;
            }
        }

        if (options.LedgerArchiveContainer is { } worm)
        {
            var copy = storage.ContainerNamed(worm);
            if (!archiveCreated)
            {
                await copy.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                archiveCreated = true;
            }

            await WriteOnceBlob.CreateAsync(copy.GetBlobClient(ArchivedPath(size)), Encoding.UTF8.GetBytes(text), Immutable, cancellationToken);
        }

        await container.GetBlobClient(Current).UploadAsync(
            BinaryData.FromString(text),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = ContentType, CacheControl = "public, max-age=5" } },
            cancellationToken);
        logger.LogInformation("Published the log's checkpoint at size {Size}.", size);
        return text;
    }

    private static BlobHttpHeaders Immutable => new() { ContentType = ContentType, CacheControl = LogTileWriter.CacheForever };

    private static async Task<string?> ArchivedTextAsync(BlobClient archived, CancellationToken cancellationToken) =>
        await WriteOnceBlob.ReadAsync(archived, cancellationToken) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;
}
