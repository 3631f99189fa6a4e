using System.IO.Compression;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CsatFunctions.Storage;

namespace CsatFunctions.Ledger.Log;

/// <summary>
/// Writes the tiles and entry bundles a tree size adds to those of a smaller size already written:
/// every tile whose width changed (full ones once, the rightmost partial ones of each level at this
/// size). Each is create-only and immutable, so a write repeated after a crash finds it there and a
/// reader can cache it forever. Tiles are a function of the append-only chain: a path never holds two
/// different contents, which is what makes "already there" as good as "written now".
/// </summary>
public static class LogTileWriter
{
    /// <summary>Immutable: a tile's path names its content (the width is in the path).</summary>
    public const string CacheForever = "public, max-age=31536000, immutable";

    /// <summary>Parallel writes: a first publication of a year's ledger is hundreds of blobs.</summary>
    private const int Writers = 8;

    /// <param name="tree">The tree, at least <paramref name="size"/> leaves.</param>
    /// <param name="leafAt">The bytes of leaf i, for every i in the bundles written (from <c>written / 256 * 256</c>).</param>
    /// <param name="written">The size whose tiles are all there already (0 for none).</param>
    /// <returns>How many blobs this call created.</returns>
    public static async Task<int> WriteAsync(BlobContainerClient container, TreeHashes tree, Func<long, byte[]> leafAt, long written, long size, CancellationToken cancellationToken)
    {
        var created = 0;
        await Parallel.ForEachAsync(Needed(written, size), new ParallelOptions { MaxDegreeOfParallelism = Writers, CancellationToken = cancellationToken }, async (tile, ct) =>
        {
            var (level, index, width) = tile;
            var (path, body, headers) = level < 0
                ? (Tiles.EntriesPath(index, width), Gzip(Tiles.Bundle(Leaves(leafAt, index, width))), Headers(gzip: true))
                : (Tiles.Path(level, index, width), HashTile(tree, level, index, width), Headers(gzip: false));
            if (await WriteOnceBlob.CreateAsync(container.GetBlobClient(path), body, headers, ct))
            {
                Interlocked.Increment(ref created);
            }
        });
        return created;
    }

    /// <summary>The tiles (level -1 for entry bundles) of <paramref name="size"/> that <paramref name="written"/> does not have.</summary>
    public static IEnumerable<(int Level, long Index, int Width)> Needed(long written, long size)
    {
        foreach (var (level, index, width) in Tiles.Of(size))
        {
            if (Tiles.WidthOf(level, index, written) == width)
            {
                continue;
            }

            yield return (level, index, width);
            if (level == 0)
            {
                yield return (-1, index, width);
            }
        }
    }

    private static byte[] HashTile(TreeHashes tree, int level, long index, int width)
    {
        var tile = new byte[width * MerkleTree.HashSize];
        for (var i = 0; i < width; i++)
        {
            tree.Stored(level * Tiles.Height, (index * Tiles.Width) + i).CopyTo(tile.AsSpan(i * MerkleTree.HashSize));
        }

        return tile;
    }

    private static IEnumerable<byte[]> Leaves(Func<long, byte[]> leafAt, long index, int width)
    {
        for (var i = 0; i < width; i++)
        {
            yield return leafAt((index * Tiles.Width) + i);
        }
    }

    private static byte[] Gzip(byte[] bundle)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(bundle);
        }

        return compressed.ToArray();
    }

    private static BlobHttpHeaders Headers(bool gzip) => new()
    {
        ContentType = "application/octet-stream",
        CacheControl = CacheForever,
        ContentEncoding = gzip ? "gzip" : null,
    };
}
