using System.Security.Cryptography;
using CsatFunctions.Ledger.Log;

namespace CsatFunctions.Verify;

/// <summary>
/// The RFC 9162 root of a tree streamed left to right: the complete subtrees seen so far (at most 64),
/// merged as they pair up, then folded right to left. Hashes in place, so a leaf or subtree costs no allocation.
/// </summary>
internal sealed class MerkleFrontier
{
    private readonly byte[] hashes = new byte[64 * MerkleTree.HashSize];
    private readonly int[] levels = new int[64];
    private int count;

    /// <summary>Adds the hash of the next complete subtree of 2^<paramref name="level"/> leaves (it must start where the last one ended, aligned to its size).</summary>
    public void Push(ReadOnlySpan<byte> hash, int level)
    {
        hash.CopyTo(Slot(count));
        levels[count++] = level;
        while (count > 1 && levels[count - 2] == levels[count - 1])
        {
            NodeHash(Slot(count - 2), Slot(count - 1), Slot(count - 2));
            levels[count - 2]++;
            count--;
        }
    }

    public byte[] Root()
    {
        if (count == 0)
        {
            return MerkleTree.EmptyRoot();
        }

        var root = Slot(count - 1).ToArray();
        for (var i = count - 2; i >= 0; i--)
        {
            NodeHash(Slot(i), root, root);
        }

        return root;
    }

    /// <summary>HASH(0x01 || left || right) into <paramref name="into"/>, which may be either input.</summary>
    public static void NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> into)
    {
        Span<byte> input = stackalloc byte[1 + (2 * MerkleTree.HashSize)];
        input[0] = 1;
        left.CopyTo(input[1..]);
        right.CopyTo(input[(1 + MerkleTree.HashSize)..]);
        SHA256.HashData(input, into);
    }

    private Span<byte> Slot(int i) => hashes.AsSpan(i * MerkleTree.HashSize, MerkleTree.HashSize);
}
