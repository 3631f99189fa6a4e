namespace CsatFunctions.Ledger.Log;

/// <summary>
/// The log's Merkle tree in memory: at each level h, the hash of every complete subtree of 2^h leaves
/// (leaf hashes at level 0), kept in flat arrays so a million leaves cost about 64 MiB and no object
/// each. Any range's tree hash is then a few stored hashes combined (<see cref="RangeHash"/>).
/// </summary>
public sealed class TreeHashes
{
    private readonly List<HashArray> levels = [new()];

    public long Size => levels[0].Count;

    /// <summary>Adds a leaf (its hash) and every subtree it completes.</summary>
    public void Append(byte[] leafHash)
    {
        levels[0].Add(leafHash);
        for (var level = 0; levels[level].Count % 2 == 0; level++)
        {
            if (level + 1 == levels.Count)
            {
                levels.Add(new());
            }

            var count = levels[level].Count;
            levels[level + 1].Add(MerkleTree.NodeHash(levels[level].Get(count - 2), levels[level].Get(count - 1)));
        }
    }

    /// <summary>The hash of the complete subtree of 2^<paramref name="level"/> leaves at <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Stored(int level, long index) => levels[level].Get(index);

    /// <summary>MTH(D[start:end]) of RFC 9162, for <c>end &lt;= Size</c>.</summary>
    public byte[] RangeHash(long start, long end)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, Size);
        if (end == start)
        {
            return MerkleTree.EmptyRoot();
        }

        var width = end - start;
        if ((width & (width - 1)) == 0 && start % width == 0)
        {
            return Stored(System.Numerics.BitOperations.Log2((ulong)width), start / width).ToArray();
        }

        var k = MerkleTree.Split(width);
        return MerkleTree.NodeHash(RangeHash(start, start + k), RangeHash(start + k, end));
    }

    public byte[] Root() => RangeHash(0, Size);

    /// <summary>A growing array of 32-byte hashes in chunks of 1 MiB: no object per hash, no copy as it grows.</summary>
    private sealed class HashArray
    {
        private const int PerChunk = 32_768;
        private readonly List<byte[]> chunks = [];

        public long Count { get; private set; }

        public void Add(byte[] hash)
        {
            if (Count % PerChunk == 0)
            {
                chunks.Add(new byte[PerChunk * MerkleTree.HashSize]);
            }

            hash.CopyTo(chunks[^1], (int)(Count % PerChunk) * MerkleTree.HashSize);
            Count++;
        }

        public ReadOnlySpan<byte> Get(long index)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return chunks[(int)(index / PerChunk)].AsSpan((int)(index % PerChunk) * MerkleTree.HashSize, MerkleTree.HashSize);
        }
    }
}
