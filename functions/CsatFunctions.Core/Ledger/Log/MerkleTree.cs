using System.Numerics;
using System.Security.Cryptography;

namespace CsatFunctions.Ledger.Log;

/// <summary>
/// The Merkle tree of RFC 9162 (section 2.1), SHA-256: how leaves and nodes hash, which subtrees an
/// inclusion or consistency proof is made of, and how a proof is checked against a root.
/// Proofs are given as the ranges <c>[Start, End)</c> of leaves whose tree hash (MTH) each proof
/// hash is, so one algorithm serves the tree in memory and the tree read back from tiles.
/// </summary>
public static class MerkleTree
{
    public const int HashSize = 32;
    /// <summary>The root of the empty tree: the hash of the empty string.</summary>
    public static byte[] EmptyRoot() => SHA256.HashData([]);

    /// <summary>HASH(0x00 || leaf).</summary>
    public static byte[] LeafHash(ReadOnlySpan<byte> leaf)
    {
        var input = new byte[leaf.Length + 1];
        leaf.CopyTo(input.AsSpan(1));
        return SHA256.HashData(input);
    }

    /// <summary>HASH(0x01 || left || right).</summary>
    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> input = stackalloc byte[1 + (2 * HashSize)];
        input[0] = 1;
        left.CopyTo(input[1..]);
        right.CopyTo(input[(1 + HashSize)..]);
        return SHA256.HashData(input);
    }

    /// <summary>The largest power of two smaller than <paramref name="n"/> (n &gt; 1): where RFC 9162 splits a tree.</summary>
    public static long Split(long n) => 1L << (63 - BitOperations.LeadingZeroCount((ulong)(n - 1)));

    /// <summary>The subtrees of PATH(index, D[0:size]), from the leaf's sibling up to the root's child.</summary>
    public static List<(long Start, long End)> InclusionRanges(long index, long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
        var ranges = new List<(long, long)>();
        Path(index, 0, size, ranges);
        return ranges;
    }

    /// <summary>The subtrees of PROOF(oldSize, D[0:newSize]); none when the old size is 0 or the sizes are equal.</summary>
    public static List<(long Start, long End)> ConsistencyRanges(long oldSize, long newSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(oldSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(oldSize, newSize);
        var ranges = new List<(long, long)>();
        if (oldSize > 0 && oldSize < newSize)
        {
            SubProof(oldSize, 0, newSize, true, ranges);
        }
        return ranges;
    }

    /// <summary>RFC 9162, 2.1.3.2: whether <paramref name="proof"/> takes the leaf hash at <paramref name="index"/> to <paramref name="root"/> in a tree of <paramref name="size"/>.</summary>
    public static bool VerifyInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        if (index < 0 || index >= size)
        {
            return false;
        }

        var (fn, sn, r) = (index, size - 1, leafHash.ToArray());
        foreach (var p in proof)
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    (fn, sn) = (fn >> 1, sn >> 1);
                }
            }
            else
            {
                r = NodeHash(r, p);
            }

            (fn, sn) = (fn >> 1, sn >> 1);
        }

        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    /// <summary>RFC 9162, 2.1.4.2: whether <paramref name="proof"/> shows the tree of <paramref name="newSize"/> extends the one of <paramref name="oldSize"/>.</summary>
    public static bool VerifyConsistency(long oldSize, long newSize, ReadOnlySpan<byte> oldRoot, ReadOnlySpan<byte> newRoot, IReadOnlyList<byte[]> proof)
    {
        if (oldSize < 0 || oldSize > newSize)
        {
            return false;
        }

        if (oldSize == newSize)
        {
            return proof.Count == 0 && oldRoot.SequenceEqual(newRoot);
        }

        if (oldSize == 0)
        {
            // The empty tree is consistent with every tree: no proof is needed, and none is accepted.
            return proof.Count == 0;
        }

        if (proof.Count == 0)
        {
            return false;
        }

        var path = BitOperations.IsPow2(oldSize) ? [oldRoot.ToArray(), .. proof] : proof.ToList();
        var (fn, sn) = (oldSize - 1, newSize - 1);
        while ((fn & 1) == 1)
        {
            (fn, sn) = (fn >> 1, sn >> 1);
        }

        var (fr, sr) = (path[0], path[0]);
        foreach (var c in path.Skip(1))
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                (fr, sr) = (NodeHash(c, fr), NodeHash(c, sr));
                while ((fn & 1) == 0 && fn != 0)
                {
                    (fn, sn) = (fn >> 1, sn >> 1);
                }
            }
            else
            {
                sr = NodeHash(sr, c);
            }

            (fn, sn) = (fn >> 1, sn >> 1);
        }

        return sn == 0 && fr.AsSpan().SequenceEqual(oldRoot) && sr.AsSpan().SequenceEqual(newRoot);
    }

    private static void Path(long m, long start, long end, List<(long, long)> ranges)
    {
        if (end - start == 1)
        {
            return;
        }

        var k = Split(end - start);
        if (m < k)
        {
            Path(m, start, start + k, ranges);
            ranges.Add((start + k, end));
        }
        else
        {
            Path(m - k, start + k, end, ranges);
            ranges.Add((start, start + k));
        }
    }

    private static void SubProof(long m, long start, long end, bool whole, List<(long, long)> ranges)
    {
        if (m == end - start)
        {
            if (!whole)
            {
                ranges.Add((start, end));
            }

            return;
        }

        var k = Split(end - start);
        if (m <= k)
        {
            SubProof(m, start, start + k, whole, ranges);
            ranges.Add((start + k, end));
        }
        else
        {
            SubProof(m - k, start + k, end, false, ranges);
            ranges.Add((start, start + k));
        }
    }
}
