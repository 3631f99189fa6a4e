namespace CsatFunctions.Ledger.Log;

/// <summary>
/// The log's tree of a given size read back from its tiles, fetching each tile at most once: any
/// range's tree hash, and so any inclusion or consistency proof, from the few tiles it needs. Used by
/// whoever holds only the published files (the receipt route, the command-line verifier). Nothing
/// read is trusted: a proof made from tampered tiles does not verify against the signed root.
/// </summary>
/// <param name="size">The tree size of the checkpoint being proved against.</param>
/// <param name="readTile">Reads <c>Tiles.Path(level, index, width)</c>; null when it is not there.</param>
public sealed class TiledTree(long size, Func<string, CancellationToken, Task<byte[]?>> readTile)
{
    private readonly Dictionary<string, Task<byte[]?>> read = new(StringComparer.Ordinal);

    public long Size => size;

    /// <summary>How many tiles were fetched so far.</summary>
    public int TilesRead => read.Count;

    /// <summary>MTH(D[start:end]) of RFC 9162.</summary>
    /// <exception cref="InvalidDataException">A tile is missing or has the wrong length.</exception>
    public async Task<byte[]> RangeHashAsync(long start, long end, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, size);
        var width = end - start;
        if (width == 0)
        {
            return MerkleTree.EmptyRoot();
        }

        if ((width & (width - 1)) == 0 && start % width == 0)
        {
            return await CompleteAsync(System.Numerics.BitOperations.Log2((ulong)width), start / width, cancellationToken);
        }

        var k = MerkleTree.Split(width);
        var halves = await Task.WhenAll(RangeHashAsync(start, start + k, cancellationToken), RangeHashAsync(start + k, end, cancellationToken));
        return MerkleTree.NodeHash(halves[0], halves[1]);
    }

    public Task<byte[]> RootAsync(CancellationToken cancellationToken) => RangeHashAsync(0, size, cancellationToken);

    public async Task<List<byte[]>> InclusionProofAsync(long index, CancellationToken cancellationToken) =>
        [.. await Task.WhenAll(MerkleTree.InclusionRanges(index, size).Select(range => RangeHashAsync(range.Start, range.End, cancellationToken)))];

    public async Task<List<byte[]>> ConsistencyProofAsync(long oldSize, CancellationToken cancellationToken) =>
        [.. await Task.WhenAll(MerkleTree.ConsistencyRanges(oldSize, size).Select(range => RangeHashAsync(range.Start, range.End, cancellationToken)))];

    /// <summary>The hash of the complete subtree of 2^<paramref name="level"/> leaves at <paramref name="index"/>: from one tile, hashed up within it.</summary>
    private async Task<byte[]> CompleteAsync(int level, long index, CancellationToken cancellationToken)
    {
        var tileLevel = level / Tiles.Height;
        var below = level - (tileLevel * Tiles.Height);
        var first = index << below;
        var tileIndex = first / Tiles.Width;
        var tileWidth = Tiles.WidthOf(tileLevel, tileIndex, size);
        var path = Tiles.Path(tileLevel, tileIndex, tileWidth);
        Task<byte[]?> fetch;
        lock (read)
        {
            if (!read.TryGetValue(path, out fetch!))
            {
                read[path] = fetch = readTile(path, cancellationToken);
            }
        }

        var tile = await fetch;
        if (tile is null || tile.Length != tileWidth * MerkleTree.HashSize)
        {
            throw new InvalidDataException($"{path} is {(tile is null ? "missing" : $"{tile.Length} bytes, not {tileWidth * MerkleTree.HashSize}")}.");
        }

        var hashes = new List<byte[]>();
        for (var i = first % Tiles.Width; i < (first % Tiles.Width) + (1L << below); i++)
        {
            hashes.Add(tile.AsSpan((int)i * MerkleTree.HashSize, MerkleTree.HashSize).ToArray());
        }

        while (hashes.Count > 1)
        {
            hashes = [.. hashes.Chunk(2).Select(pair => MerkleTree.NodeHash(pair[0], pair[1]))];
        }

        return hashes[0];
    }
}
