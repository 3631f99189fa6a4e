using CsatFunctions.Ledger.Log;

namespace CsatFunctions.Verify;

/// <summary>
/// When the entries do not give the signed root: names the first entry that differs, by comparing each
/// bundle's leaf hashes with its level-0 tile (the hashes published for those leaves). The tiles are
/// trusted as far as they give the signed root themselves, which is said either way.
/// </summary>
internal static class TamperLocator
{
    public static async Task<List<string>> NameAsync(PublishedFiles files, StreamedLeaves streamed, byte[] signedRoot, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        bool tilesHold;
        try
        {
            tilesHold = (await new TiledTree(streamed.Size, files.ReadAsync).RootAsync(cancellationToken)).AsSpan().SequenceEqual(signedRoot);
        }
        catch (InvalidDataException ex)
        {
            problems.Add($"tiles: {ex.Message} The entries cannot be compared with the published hashes.");
            return problems;
        }

        var against = tilesHold ? "the tiles, which give the signed root," : "the tiles (which do not give the signed root either)";
        for (var bundle = 0L; bundle * Tiles.Width < streamed.Size; bundle++)
        {
            var width = Tiles.WidthOf(0, bundle, streamed.Size);
            var path = Tiles.EntriesPath(bundle, width);
            var count = streamed.Counts[bundle];
            if (count < 0)
            {
                problems.Add($"{path}: {(count == -1 ? "missing" : "cut short")}.");
                return problems;
            }

            var tile = await files.ReadAsync(Tiles.Path(0, bundle, width), cancellationToken) ?? [];
            var first = bundle * Tiles.Width;
            var kept = Math.Min(count, width);
            var differs = Enumerable.Range(0, width).FirstOrDefault(i => !Same(streamed, tile, first, kept, width, i, i), -1);
            if (differs < 0 && count == width)
            {
                continue;
            }

            var entries = count == width ? "" : $" (the bundle holds {count} entries where the checkpoint needs {width})";
            problems.Add(differs < 0 ? $"{path}: {count - width} entries too many." : $"{path}: {Name(streamed, tile, first, kept, width, differs)}, compared with {against}{entries}.");
            return problems;
        }

        problems.Add($"The entries match {against}, yet do not give the signed root.");
        return problems;
    }

    private static string Name(StreamedLeaves streamed, byte[] tile, long first, int kept, int width, int i)
    {
        bool Same(int got, int want) => TamperLocator.Same(streamed, tile, first, kept, width, got, want);
        var at = first + i;
        if (i >= kept)
        {
            return $"leaf {at} was dropped (the bundle ends before it)";
        }

        if (Same(i, i + 1) && Same(i + 1, i))
        {
            return $"leaves {at} and {at + 1} were swapped (reordered)";
        }

        if (Same(i, i + 1))
        {
            return $"leaf {at} was dropped (leaf {at + 1} stands in its place)";
        }

        var moved = Enumerable.Range(0, width).FirstOrDefault(want => want != i && Same(i, want), -1);
        return moved >= 0 ? $"leaf {first + moved} stands where leaf {at} should (reordered)" : $"leaf {at} was changed (its bytes do not hash to the published hash)";
    }

    /// <summary>Whether the bundle's leaf <paramref name="got"/> hashes to the tile's hash <paramref name="want"/>.</summary>
    private static bool Same(StreamedLeaves streamed, byte[] tile, long first, int kept, int width, int got, int want) =>
        got < kept && want < width && (want + 1) * MerkleTree.HashSize <= tile.Length
        && streamed.LeafHash(first + got).SequenceEqual(tile.AsSpan(want * MerkleTree.HashSize, MerkleTree.HashSize));
}
