using System.IO.Compression;
using System.Text;
using CsatFunctions.Storage;

namespace CsatFunctions.Ledger.Log;

/// <summary>
/// The log as published in <c>Csat__PublishContainer</c>, read back as any reader of the files would:
/// the current signed checkpoint, and the tree of its size from the tiles (<see cref="TiledTree"/>).
/// The receipt route proves from these, not from the publisher's memory, so a proof is always against
/// a checkpoint the world can fetch.
/// </summary>
public sealed class PublishedLog(CsatStorage storage, CsatOptions options)
{
    /// <returns>The current checkpoint (its signed text and what it says), or null when none is published.</returns>
    /// <exception cref="InvalidDataException">The <c>checkpoint</c> blob is there but is no checkpoint: damaged, not absent.</exception>
    public async Task<(string Text, LogCheckpoint Checkpoint)?> CheckpointAsync(CancellationToken cancellationToken)
    {
        if (options.PublishContainer is not { } name
            || await WriteOnceBlob.ReadAsync(storage.ContainerNamed(name).GetBlobClient(LogCheckpointWriter.Current), cancellationToken) is not { } bytes)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(bytes);
        return SignedNote.Parse(text) is { } note && LogCheckpoint.Parse(note.Text) is { } checkpoint
            ? (text, checkpoint)
            : throw new InvalidDataException("The published checkpoint is not a signed checkpoint.");
    }

    public TiledTree Tree(long size) => new(size, ReadAsync);

    /// <summary>The leaves of entry bundle <paramref name="bundle"/> in the tree of <paramref name="size"/>; null when it is not there or not a bundle.</summary>
    public async Task<IReadOnlyList<byte[]>?> BundleAsync(long bundle, long size, CancellationToken cancellationToken) =>
        await ReadAsync(Tiles.EntriesPath(bundle, Tiles.WidthOf(0, bundle, size)), cancellationToken) is { } stored ? Tiles.Unbundle(stored) : null;

    /// <summary>
    /// A published file's bytes, unzipped when stored with <c>Content-Encoding: gzip</c> (entry bundles are);
    /// null when it is not there. The stored encoding decides, not the bytes: one hash tile in 65,536
    /// starts with gzip's magic 1f 8b.
    /// </summary>
    private async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (options.PublishContainer is not { } name || await WriteOnceBlob.ReadStoredAsync(storage.ContainerNamed(name).GetBlobClient(path), cancellationToken) is not { } stored)
        {
            return null;
        }

        if (!string.Equals(stored.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase))
        {
            return stored.Content;
        }

        using var gzip = new GZipStream(new MemoryStream(stored.Content), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await gzip.CopyToAsync(plain, cancellationToken);
        return plain.ToArray();
    }
}
