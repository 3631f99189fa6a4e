using System.Security.Cryptography;
using CsatFunctions.Ledger.Log;

namespace CsatFunctions.Verify;

/// <summary>What the entry bundles of a tree hold: each leaf's hash and parsed leaf, how many entries each bundle had, and the root they give.</summary>
/// <param name="Counts">Entries per bundle as read: -1 when the bundle is missing, -2 when it is cut short.</param>
internal sealed record StreamedLeaves(long Size, byte[] LeafHashes, LogLeaf?[] Leaves, int[] Counts, byte[] Root)
{
    public ReadOnlySpan<byte> LeafHash(long index) => LeafHashes.AsSpan((int)(index * MerkleTree.HashSize), MerkleTree.HashSize);
}

/// <summary>
/// Streams every entry bundle of the tree of a checkpoint's size, <see cref="PublishedFiles.Parallelism"/> at a
/// time, hashing each bundle's leaves and its 256-leaf subtree on the thread that fetched it, into one flat
/// array: no object per leaf but the parsed leaf the windows are recomputed from.
/// </summary>
internal static class LeafStream
{
    private static readonly byte[] LeafPrefix = [0x00];

    public static async Task<StreamedLeaves> ReadAsync(PublishedFiles files, long size, CancellationToken cancellationToken)
    {
        var bundles = (int)((size + Tiles.Width - 1) / Tiles.Width);
        var hashes = new byte[size * MerkleTree.HashSize];
        var leaves = new LogLeaf?[size];
        var counts = new int[bundles];
        var subtrees = new byte[bundles * MerkleTree.HashSize];
        var options = new ParallelOptions { MaxDegreeOfParallelism = PublishedFiles.Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, bundles), options, async (bundle, token) =>
        {
            var width = Tiles.WidthOf(0, bundle, size);
            var bytes = await files.ReadAsync(Tiles.EntriesPath(bundle, width), token);
            counts[bundle] = bytes is null ? -1 : Hash(bytes, bundle, width, hashes, leaves);
            if (width == Tiles.Width && counts[bundle] == Tiles.Width)
            {
                Subtree(hashes.AsSpan(bundle * Tiles.Width * MerkleTree.HashSize, Tiles.Width * MerkleTree.HashSize), subtrees.AsSpan(bundle * MerkleTree.HashSize, MerkleTree.HashSize));
            }
        });

        var frontier = new MerkleFrontier();
        for (var bundle = 0; bundle < bundles; bundle++)
        {
            if (counts[bundle] == Tiles.Width)
            {
                frontier.Push(subtrees.AsSpan(bundle * MerkleTree.HashSize, MerkleTree.HashSize), Tiles.Height);
                continue;
            }

            // A partial bundle (the last), or a bundle that is not what it should be: its leaves one by one
            // (missing ones as zero hashes), so the root still says the entries differ.
            for (var i = 0; i < Tiles.WidthOf(0, bundle, size); i++)
            {
                frontier.Push(hashes.AsSpan(((bundle * Tiles.Width) + i) * MerkleTree.HashSize, MerkleTree.HashSize), 0);
            }
        }

        return new StreamedLeaves(size, hashes, leaves, counts, frontier.Root());
    }

    /// <returns>How many entries the bundle holds (only the first <paramref name="width"/> are kept); -2 when it is cut short.</returns>
    private static int Hash(byte[] bundle, int index, int width, byte[] hashes, LogLeaf?[] leaves)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var (at, count) = (0, 0);
        while (at < bundle.Length)
        {
            if (at + 2 > bundle.Length || at + 2 + ((bundle[at] << 8) | bundle[at + 1]) > bundle.Length)
            {
                return -2;
            }

            var leaf = bundle.AsSpan(at + 2, (bundle[at] << 8) | bundle[at + 1]);
            if (count < width)
            {
                var position = ((long)index * Tiles.Width) + count;
                sha.AppendData(LeafPrefix);
                sha.AppendData(leaf);
                sha.GetHashAndReset(hashes.AsSpan((int)(position * MerkleTree.HashSize), MerkleTree.HashSize));
                leaves[position] = LogLeaf.Parse(leaf);
            }

            (at, count) = (at + 2 + leaf.Length, count + 1);
        }

        return count;
    }

    /// <summary>The root of 256 leaf hashes, hashed up in place (the scratch is the leaves' own copy).</summary>
    private static void Subtree(ReadOnlySpan<byte> leafHashes, Span<byte> into)
    {
        Span<byte> level = stackalloc byte[Tiles.Width * MerkleTree.HashSize];
        leafHashes.CopyTo(level);
        for (var width = Tiles.Width; width > 1; width /= 2)
        {
            for (var k = 0; k < width / 2; k++)
            {
                MerkleFrontier.NodeHash(level.Slice(2 * k * MerkleTree.HashSize, MerkleTree.HashSize), level.Slice(((2 * k) + 1) * MerkleTree.HashSize, MerkleTree.HashSize), level.Slice(k * MerkleTree.HashSize, MerkleTree.HashSize));
            }
        }

        level[..MerkleTree.HashSize].CopyTo(into);
    }
}
