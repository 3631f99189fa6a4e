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
    public async Task<(string Text, LogCheckpoint Checkpoint)?> CheckpointAsync(CancellationToken cancellationToken)
    {
        if (options.PublishContainer is not { } name
            || await WriteOnceBlob.ReadAsync(storage.ContainerNamed(name).GetBlobClient(LogCheckpointWriter.Current), cancellationToken) is not { } bytes)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(bytes);
        return SignedNote.Parse(text) is { } note && LogCheckpoint.Parse(note.Text) is { } checkpoint ? (text, checkpoint) : null;
    }

    public TiledTree Tree(long size) => new(size, ReadAsync);

    /// <summary>Leaf <paramref name="index"/>'s bytes, from its entry bundle in the tree of <paramref name="size"/>; null when it is not there.</summary>
    public async Task<byte[]?> LeafAsync(long index, long size, CancellationToken cancellationToken)
    {
        var bundle = index / Tiles.Width;
        var stored = await ReadAsync(Tiles.EntriesPath(bundle, Tiles.WidthOf(0, bundle, size)), cancellationToken);
        return stored is null || Tiles.Unbundle(stored) is not { } leaves || leaves.Count <= index % Tiles.Width ? null : leaves[(int)(index % Tiles.Width)];
    }

    /// <summary>A published file's bytes, unzipped when stored gzip-encoded (entry bundles are); null when it is not there.</summary>
    private async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (options.PublishContainer is not { } name || await WriteOnceBlob.ReadAsync(storage.ContainerNamed(name).GetBlobClient(path), cancellationToken) is not { } stored)
        {
            return null;
        }

        if (stored is not [0x1f, 0x8b, ..])
        {
            return stored;
        }

        using var gzip = new GZipStream(new MemoryStream(stored), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await gzip.CopyToAsync(plain, cancellationToken);
        return plain.ToArray();
    }
}
