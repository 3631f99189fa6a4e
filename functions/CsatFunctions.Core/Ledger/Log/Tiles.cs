using System.Globalization;

namespace CsatFunctions.Ledger.Log;

/// <summary>
/// The file layout of C2SP tlog-tiles: a tile at level L holds up to 256 consecutive tree hashes at
/// tree level 8L (leaf hashes at level 0), an entry bundle up to 256 entries, each prefixed by its
/// length as a big-endian uint16. Full tiles and bundles never change; the rightmost of each level is
/// partial (<c>.p/{width}</c>) and is published once per tree size that needs it.
/// </summary>
public static class Tiles
{
    public const int Width = 256;

    /// <summary>How many tree levels one tile level spans (256 = 2^8).</summary>
    public const int Height = 8;

    /// <summary><c>tile/{level}/{index}[.p/{width}]</c>.</summary>
    public static string Path(int level, long index, int width) => $"tile/{level.ToString(CultureInfo.InvariantCulture)}/{Index(index)}{Partial(width)}";

    /// <summary><c>tile/entries/{index}[.p/{width}]</c>.</summary>
    public static string EntriesPath(long index, int width) => $"tile/entries/{Index(index)}{Partial(width)}";

    /// <summary>How many hashes the tree of <paramref name="size"/> has at tile level <paramref name="level"/> (each one a complete subtree of 256^level leaves).</summary>
    public static long HashesAt(int level, long size)
    {
        for (var i = 0; i < level; i++)
        {
            size /= Width;
        }

        return size;
    }

    /// <summary>The width of tile <paramref name="index"/> at <paramref name="level"/> in the tree of <paramref name="size"/> (0 when it has none yet).</summary>
    public static int WidthOf(int level, long index, long size) => (int)Math.Clamp(HashesAt(level, size) - (index * Width), 0, Width);

    /// <summary>The tiles (level, index, width) the tree of <paramref name="size"/> is made of, level 0 first; the entry bundles are those of level 0.</summary>
    public static IEnumerable<(int Level, long Index, int Width)> Of(long size)
    {
        for (var level = 0; HashesAt(level, size) > 0; level++)
        {
            var hashes = HashesAt(level, size);
            for (long index = 0; index * Width < hashes; index++)
            {
                yield return (level, index, WidthOf(level, index, size));
            }
        }
    }

    /// <summary>An index as zero-padded 3-digit path elements, all but the last starting with x: 1234067 is <c>x001/x234/067</c>.</summary>
    public static string Index(long index)
    {
        var groups = new List<string>();
        do
        {
            groups.Insert(0, (index % 1000).ToString("D3", CultureInfo.InvariantCulture));
            index /= 1000;
        }
        while (index > 0);
        return string.Join('/', groups.Select((group, i) => i < groups.Count - 1 ? "x" + group : group));
    }

    /// <summary>Entries in the bundle format: each a big-endian uint16 length, then its bytes.</summary>
    public static byte[] Bundle(IEnumerable<byte[]> entries)
    {
        using var bundle = new MemoryStream();
        foreach (var entry in entries)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(entry.Length, ushort.MaxValue);
            bundle.WriteByte((byte)(entry.Length >> 8));
            bundle.WriteByte((byte)entry.Length);
            bundle.Write(entry);
        }

        return bundle.ToArray();
    }

    /// <summary>The entries of a bundle; null when it is cut short.</summary>
    public static List<byte[]>? Unbundle(ReadOnlySpan<byte> bundle)
    {
        var entries = new List<byte[]>();
        while (bundle.Length > 0)
        {
            if (bundle.Length < 2 || bundle.Length < 2 + ((bundle[0] << 8) | bundle[1]))
            {
                return null;
            }

            var length = (bundle[0] << 8) | bundle[1];
            entries.Add(bundle.Slice(2, length).ToArray());
            bundle = bundle[(2 + length)..];
        }

        return entries;
    }

    private static string Partial(int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, Width);
        return width == Width ? "" : ".p/" + width.ToString(CultureInfo.InvariantCulture);
    }
}
