using System.Text;
using CsatFunctions.Ledger.Log;

namespace CsatFunctions.Tests.Ledger;

/// <summary>
/// The log's tree, proofs and tiles held to an independent reading of RFC 9162 (<see cref="Rfc9162Reference"/>):
/// what a third-party auditor's own code computes from the published leaves is what the log signs and proves.
/// </summary>
public sealed class MerkleTreeTests
{
    /// <summary>1, 2, 3, 2^k and 2^k + 1 for k up to 10, and 2^16 + 1 and 70,000 so the tree has tiles at level 2.</summary>
    public static TheoryData<int> Sizes()
    {
        var sizes = new TheoryData<int> { 1, 2, 3 };
        foreach (var k in Enumerable.Range(2, 9).Append(16))
        {
            sizes.Add(1 << k);
            sizes.Add((1 << k) + 1);
        }

        sizes.Add(70_000);
        return sizes;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task The_root_and_the_proofs_of_the_first_middle_and_last_leaf_are_the_RFCs_in_memory_and_from_tiles(int size)
    {
        var (leaves, tree) = Tree(size);
        var root = Rfc9162Reference.Mth(leaves);
        Assert.Equal(root, tree.Root());
        var tiled = new TiledTree(size, PublishedLogFolder.TilesOf(tree));
        Assert.Equal(root, await tiled.RootAsync(TestContext.Current.CancellationToken));

        foreach (var index in new[] { 0, size / 2, size - 1 }.Distinct())
        {
            var expected = Rfc9162Reference.Path(index, leaves);
            var proof = MerkleTree.InclusionRanges(index, size).Select(range => tree.RangeHash(range.Start, range.End)).ToList();
            Assert.Equal(expected, proof);
            Assert.Equal(expected, await tiled.InclusionProofAsync(index, TestContext.Current.CancellationToken));
            var leafHash = MerkleTree.LeafHash(leaves[index]);
            Assert.True(MerkleTree.VerifyInclusion(index, size, leafHash, proof, root));
            Assert.True(Rfc9162Reference.VerifyInclusion(index, size, leafHash, proof, root));
        }
    }

    [Fact]
    public async Task Consistency_proofs_between_every_pair_of_small_sizes_and_across_tiles_are_the_RFCs()
    {
        var (leaves, tree) = Tree(70_000);
        var pairs = from n in Enumerable.Range(1, 40) from m in Enumerable.Range(1, n) select (m, n);
        pairs = pairs.Concat([(1, 70_000), (255, 256), (256, 257), (256, 70_000), (65_536, 70_000), (65_535, 65_537), (1000, 69_999), (69_999, 70_000)]);
        foreach (var (m, n) in pairs)
        {
            var prefix = leaves.Take(n).ToList();
            var (oldRoot, newRoot) = (Rfc9162Reference.Mth(prefix, 0, m), Rfc9162Reference.Mth(prefix));
            var expected = Rfc9162Reference.Proof(m, prefix);
            var proof = MerkleTree.ConsistencyRanges(m, n).Select(range => tree.RangeHash(range.Start, range.End)).ToList();
            Assert.Equal(expected, proof);
            Assert.True(MerkleTree.VerifyConsistency(m, n, oldRoot, newRoot, proof), $"{m} → {n}");
            if (m < n)
            {
                Assert.True(Rfc9162Reference.VerifyConsistency(m, n, oldRoot, newRoot, proof), $"{m} → {n}");
            }

            if (n > 1000)
            {
                Assert.Equal(expected, await new TiledTree(n, PublishedLogFolder.TilesOf(tree, n)).ConsistencyProofAsync(m, TestContext.Current.CancellationToken));
            }
        }
    }

    [Fact]
    public void Wrong_proofs_are_refused_a_flipped_bit_a_wrong_index_a_wrong_size_and_another_trees()
    {
        var (leaves, tree) = Tree(1000);
        var (_, other) = Tree(1000, "other");
        var root = tree.Root();
        var leafHash = MerkleTree.LeafHash(leaves[377]);
        var proof = Rfc9162Reference.Path(377, leaves);
        Assert.True(MerkleTree.VerifyInclusion(377, 1000, leafHash, proof, root));

        var flipped = proof.Select(hash => hash.ToArray()).ToList();
        flipped[3][17] ^= 0x04;
        Assert.False(MerkleTree.VerifyInclusion(377, 1000, leafHash, flipped, root));
        Assert.False(MerkleTree.VerifyInclusion(378, 1000, leafHash, proof, root));
        // A size that changes the leaf's path (512 has no right subtree beside it): a size with the same path
        // (999) computes the same root, which is why a proof is checked against a checkpoint that signs both.
        Assert.False(MerkleTree.VerifyInclusion(377, 512, leafHash, proof, root));
        Assert.False(MerkleTree.VerifyInclusion(377, 2000, leafHash, proof, root));
        Assert.False(MerkleTree.VerifyInclusion(1000, 1000, leafHash, proof, root));
        Assert.False(MerkleTree.VerifyInclusion(377, 1000, leafHash, proof[..^1], root));
        Assert.False(MerkleTree.VerifyInclusion(377, 1000, leafHash, MerkleTree.InclusionRanges(377, 1000).Select(r => other.RangeHash(r.Start, r.End)).ToList(), root));

        var (oldRoot, consistency) = (tree.RangeHash(0, 600), Rfc9162Reference.Proof(600, leaves));
        Assert.True(MerkleTree.VerifyConsistency(600, 1000, oldRoot, root, consistency));
        var bent = consistency.Select(hash => hash.ToArray()).ToList();
        bent[0][0] ^= 0x80;
        Assert.False(MerkleTree.VerifyConsistency(600, 1000, oldRoot, root, bent));
        Assert.False(MerkleTree.VerifyConsistency(601, 1000, oldRoot, root, consistency));
        Assert.False(MerkleTree.VerifyConsistency(600, 2000, oldRoot, root, consistency));
        Assert.False(MerkleTree.VerifyConsistency(600, 1000, other.RangeHash(0, 600), other.Root(), consistency));
        Assert.False(MerkleTree.VerifyConsistency(600, 1000, oldRoot, root, MerkleTree.ConsistencyRanges(600, 1000).Select(r => other.RangeHash(r.Start, r.End)).ToList()));
        Assert.False(MerkleTree.VerifyConsistency(600, 1000, oldRoot, root, []));
    }

    [Fact]
    public void Tile_paths_and_widths_are_the_tlog_tiles_specs()
    {
        // tlog-tiles: "a tree of size 70,000 has 273 full level-0 tiles, one partial level-0 tile of width 112, one full
        // level-1 tile, one partial level-1 tile of width 17 and one partial level-2 tile of width 1".
        var tiles = Tiles.Of(70_000).ToList();
        Assert.Equal(273, tiles.Count(t => t is { Level: 0, Width: 256 }));
        Assert.Equal([(0, 273L, 112)], tiles.Where(t => t is { Level: 0, Width: < 256 }));
        Assert.Equal([(1, 0L, 256), (1, 1L, 17)], tiles.Where(t => t.Level == 1));
        Assert.Equal([(2, 0L, 1)], tiles.Where(t => t.Level == 2));
        Assert.Equal(277, tiles.Count);

        Assert.Equal("tile/0/x001/x234/067", Tiles.Path(0, 1_234_067, 256));
        Assert.Equal("tile/0/273.p/112", Tiles.Path(0, 273, 112));
        Assert.Equal("tile/1/001.p/17", Tiles.Path(1, 1, 17));
        Assert.Equal("tile/entries/x001/x234/067", Tiles.EntriesPath(1_234_067, 256));
        Assert.Equal("tile/entries/000.p/1", Tiles.EntriesPath(0, 1));

        var leaves = new[] { "a"u8.ToArray(), new byte[300], Array.Empty<byte>() };
        var bundle = Tiles.Bundle(leaves);
        Assert.Equal(2 + 1 + 2 + 300 + 2, bundle.Length);
        Assert.Equal([0x00, 0x01, (byte)'a', 0x01, 0x2c], bundle[..5]);
        Assert.Equal(leaves, Tiles.Unbundle(bundle));
        Assert.Null(Tiles.Unbundle(bundle[..^1]));
        Assert.Null(Tiles.Unbundle(bundle[..4]));
    }

    /// <summary>The leaves <c>{name} {i}</c> and the log's tree of them.</summary>
    internal static (List<byte[]> Leaves, TreeHashes Tree) Tree(int size, string name = "leaf")
    {
        var leaves = Enumerable.Range(0, size).Select(i => Encoding.UTF8.GetBytes($"{name} {i}")).ToList();
        var tree = new TreeHashes();
        foreach (var leaf in leaves)
        {
            tree.Append(MerkleTree.LeafHash(leaf));
        }

        return (leaves, tree);
    }
}
