using System.Globalization;
using System.Text;
using Azure;
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
/// never shows two checkpoints, not even two sets of witnesses' timestamps. An archived checkpoint is
/// published only when it is this log's (same origin and root, signed with today's key), and the
/// current one only ever moves forward: a host that lost the lease cannot move it back.
/// </summary>
public sealed class LogCheckpointWriter(CsatStorage storage, LogWitnesses witnesses, CsatOptions options, ILogger<LogCheckpointWriter> logger)
{
    public const string Current = "checkpoint";
    public const string ContentType = "text/plain; charset=utf-8";

    private bool archiveCreated;

    public static string ArchivedPath(long size) => "checkpoints/" + size.ToString(CultureInfo.InvariantCulture);

    /// <returns>Whether the checkpoint of <paramref name="size"/> (or a later one) is now current; false when its archived one is not this log's.</returns>
    public async Task<bool> PublishAsync(
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

        if (!IsOurs(text, size, root))
        {
            logger.LogError("{Path} is not this log's checkpoint of that tree (another origin or root, or not signed with the log's key): not published, the current checkpoint stays. Find out who wrote it before removing it.", ArchivedPath(size));
            return false;
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

        await MakeCurrentAsync(container.GetBlobClient(Current), size, text, cancellationToken);
        return true;
    }

    /// <summary>Overwrites <c>checkpoint</c> only with a bigger tree, and only as it was read (If-Match), so it never moves back.</summary>
    private async Task MakeCurrentAsync(BlobClient current, long size, string text, CancellationToken cancellationToken)
    {
        var (tag, currentSize) = await WriteOnceBlob.ReadStoredAsync(current, cancellationToken) is { } stored
            ? (stored.ETag, SignedNote.Parse(Encoding.UTF8.GetString(stored.Content)) is { } note && LogCheckpoint.Parse(note.Text) is { } checkpoint ? checkpoint.Size : (long?)null)
            : (ETag.All, null);
        if (currentSize >= size)
        {
            // The same size: a crash after this write and before the progress row. Bigger: another host is ahead (this one lost the lease).
            logger.Log(currentSize == size ? LogLevel.Information : LogLevel.Warning, "The current checkpoint is already at size {Current}, not below {Size}: left as it is.", currentSize, size);
            return;
        }

        var conditions = tag == ETag.All ? new BlobRequestConditions { IfNoneMatch = ETag.All } : new BlobRequestConditions { IfMatch = tag };
        try
        {
            await current.UploadAsync(
                BinaryData.FromString(text),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = ContentType, CacheControl = "public, max-age=5" }, Conditions = conditions },
                cancellationToken);
            logger.LogInformation("Published the log's checkpoint at size {Size}.", size);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ConditionNotMet || ex.ErrorCode == BlobErrorCode.BlobAlreadyExists)
        {
            logger.LogWarning("The current checkpoint changed while size {Size} was being published (another host publishes too): left as the other host wrote it.", size);
        }
    }

    /// <summary>Whether the archived text is the checkpoint this log signs for this tree: its origin, size and root, and a signature by its key.</summary>
    private bool IsOurs(string text, long size, byte[] root) =>
        SignedNote.Parse(text) is { } note
        && LogCheckpoint.Parse(note.Text) is { } checkpoint
        && checkpoint.Origin == options.Log.Origin && checkpoint.Size == size && checkpoint.RootHash.AsSpan().SequenceEqual(root)
        && NoteVerifier.Parse(options.Log.SigningKey.VerifierKey) is { } key && note.Signatures.Any(signature => key.Verifies(note.Text, signature));

    private static BlobHttpHeaders Immutable => new() { ContentType = ContentType, CacheControl = LogTileWriter.CacheForever };

    private static async Task<string?> ArchivedTextAsync(BlobClient archived, CancellationToken cancellationToken) =>
        await WriteOnceBlob.ReadAsync(archived, cancellationToken) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;
}
