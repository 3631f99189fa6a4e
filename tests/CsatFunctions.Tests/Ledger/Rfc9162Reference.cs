using System.Security.Cryptography;

namespace CsatFunctions.Tests.Ledger;

/// <summary>
/// RFC 9162 section 2.1 written again from the RFC's text, deliberately naively and without any of
/// Core's code: the recursive definitions of MTH (2.1.1), PATH (2.1.3.1) and PROOF/SUBPROOF (2.1.4.1),
/// and the verification algorithms of 2.1.3.2 and 2.1.4.2 step by step. The tests hold the log's
/// own implementation to it, so a shared misreading of the RFC would have to be made twice.
/// </summary>
internal static class Rfc9162Reference
{
    /// <summary>MTH(D[n]) over the leaf inputs <c>d[start:end]</c>.</summary>
    public static byte[] Mth(IReadOnlyList<byte[]> d, int start, int end)
    {
        var n = end - start;
        if (n == 0)
        {
            // "The hash of an empty list is the hash of an empty string."
            return SHA256.HashData(Array.Empty<byte>());
        }

        if (n == 1)
        {
            // "MTH({d(0)}) = HASH(0x00 || d(0))."
            return SHA256.HashData([0x00, .. d[start]]);
        }

        var k = LargestPowerOfTwoBelow(n);
        return SHA256.HashData([0x01, .. Mth(d, start, start + k), .. Mth(d, start + k, end)]);
    }

    public static byte[] Mth(IReadOnlyList<byte[]> d) => Mth(d, 0, d.Count);

    /// <summary>PATH(m, D[n]) over <c>d[start:end]</c>.</summary>
    public static List<byte[]> Path(int m, IReadOnlyList<byte[]> d, int start, int end)
    {
        var n = end - start;
        if (n == 1 && m == 0)
        {
            return [];
        }

        var k = LargestPowerOfTwoBelow(n);
        return m < k
            ? [.. Path(m, d, start, start + k), Mth(d, start + k, end)]
            : [.. Path(m - k, d, start + k, end), Mth(d, start, start + k)];
    }

    public static List<byte[]> Path(int m, IReadOnlyList<byte[]> d) => Path(m, d, 0, d.Count);

    /// <summary>PROOF(m, D[n]) = SUBPROOF(m, D[n], true).</summary>
    public static List<byte[]> Proof(int m, IReadOnlyList<byte[]> d) => m == d.Count || m == 0 ? [] : SubProof(m, d, 0, d.Count, true);

    private static List<byte[]> SubProof(int m, IReadOnlyList<byte[]> d, int start, int end, bool b)
    {
        var n = end - start;
        if (m == n)
        {
            return b ? [] : [Mth(d, start, end)];
        }

        var k = LargestPowerOfTwoBelow(n);
        return m <= k
            ? [.. SubProof(m, d, start, start + k, b), Mth(d, start + k, end)]
            : [.. SubProof(m - k, d, start + k, end, false), Mth(d, start, start + k)];
    }

    /// <summary>2.1.3.2, its numbered steps in order.</summary>
    public static bool VerifyInclusion(long leafIndex, long treeSize, byte[] leafHash, IReadOnlyList<byte[]> inclusionPath, byte[] rootHash)
    {
        // 1. Compare leaf_index from the inclusion_proof_v2 structure against tree_size. If leaf_index is
        //    greater than or equal to tree_size, then fail the proof verification.
        if (leafIndex >= treeSize)
        {
            return false;
        }

        // 2. Set fn to leaf_index and sn to tree_size - 1. 3. Set r to hash.
        var (fn, sn, r) = (leafIndex, treeSize - 1, leafHash);

        // 4. For each value p in the inclusion_path array:
        foreach (var p in inclusionPath)
        {
            // a. If sn is 0, then stop the iteration and fail the proof verification.
            if (sn == 0)
            {
                return false;
            }

            // b. If LSB(fn) is set, or if fn is equal to sn, then:
            if (fn % 2 == 1 || fn == sn)
            {
                // i. Set r to HASH(0x01 || p || r).
                r = SHA256.HashData([0x01, .. p, .. r]);

                // ii. If LSB(fn) is not set, then right-shift both fn and sn equally until either LSB(fn) is set or fn is 0.
                while (fn % 2 == 0 && fn != 0)
                {
                    (fn, sn) = (fn / 2, sn / 2);
                }
            }
            else
            {
                // Otherwise: i. Set r to HASH(0x01 || r || p).
                r = SHA256.HashData([0x01, .. r, .. p]);
            }

            // c. Finally, right-shift both fn and sn one time.
            (fn, sn) = (fn / 2, sn / 2);
        }

        // 5. Compare sn to 0. Compare r against the root_hash. If sn is equal to 0 and r and the root_hash are equal, then the log has proven the inclusion of hash.
        return sn == 0 && r.SequenceEqual(rootHash);
    }

    /// <summary>2.1.4.2, its numbered steps in order (first_hash the old root, second_hash the new).</summary>
    public static bool VerifyConsistency(long first, long second, byte[] firstHash, byte[] secondHash, IReadOnlyList<byte[]> consistencyPath)
    {
        // 1. If consistency_path is an empty array, stop and fail the proof verification.
        if (consistencyPath.Count == 0)
        {
            return false;
        }

        // 2. If first is an exact power of 2, then prepend first_hash to the consistency_path array.
        var path = (first & (first - 1)) == 0 ? [firstHash, .. consistencyPath] : consistencyPath.ToList();

        // 3. Set fn to first - 1 and sn to second - 1.
        var (fn, sn) = (first - 1, second - 1);

        // 4. If LSB(fn) is set, then right-shift both fn and sn equally until LSB(fn) is not set.
        while (fn % 2 == 1)
        {
            (fn, sn) = (fn / 2, sn / 2);
        }

        // 5. Set both fr and sr to the first value in the consistency_path array.
        var (fr, sr) = (path[0], path[0]);

        // 6. For each subsequent value c in the consistency_path array:
        foreach (var c in path.Skip(1))
        {
            // a. If sn is 0, then stop the iteration and fail the proof verification.
            if (sn == 0)
            {
                return false;
            }

            // b. If LSB(fn) is set, or if fn is equal to sn, then:
            if (fn % 2 == 1 || fn == sn)
            {
                // i. Set fr to HASH(0x01 || c || fr). Set sr to HASH(0x01 || c || sr).
                (fr, sr) = (SHA256.HashData([0x01, .. c, .. fr]), SHA256.HashData([0x01, .. c, .. sr]));

                // ii. If LSB(fn) is not set, then right-shift both fn and sn equally until either LSB(fn) is set or fn is 0.
                while (fn % 2 == 0 && fn != 0)
                {
                    (fn, sn) = (fn / 2, sn / 2);
                }
            }
            else
            {
                // Otherwise: i. Set sr to HASH(0x01 || sr || c).
                sr = SHA256.HashData([0x01, .. sr, .. c]);
            }

            // c. Finally, right-shift both fn and sn one time.
            (fn, sn) = (fn / 2, sn / 2);
        }

        // 7. After completing iterating through the consistency_path array as described above, verify
        //    that the fr calculated is equal to the first_hash supplied, that the sr calculated is equal
        //    to the second_hash supplied, and that sn is 0.
        return fr.SequenceEqual(firstHash) && sr.SequenceEqual(secondHash) && sn == 0;
    }

    /// <summary>"k be the largest power of two smaller than n (i.e., k &lt; n &lt;= 2k)".</summary>
    private static int LargestPowerOfTwoBelow(int n)
    {
        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return k;
    }
}
