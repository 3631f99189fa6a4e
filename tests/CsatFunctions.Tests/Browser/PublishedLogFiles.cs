using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CsatFunctions.Ledger;
using CsatFunctions.Ledger.Log;
using CsatFunctions.Scores;
using CsatFunctions.Surveys;

using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Browser;

/// <summary>
/// A small transparency log laid out as the publisher lays it out beside score.json: the signed
/// <c>checkpoint</c> (with a witness's cosignature), the hash tiles and gzip entry bundles at the
/// tree's size, <c>log.json</c>, a matching <c>score.json</c> from <see cref="ScoreCalculator"/>, and
/// the verify page. <see cref="Receipt"/> answers the receipts route's JSON with real tlog-proofs.
/// </summary>
public sealed class PublishedLogFiles
{
    public const string Origin = "example.test/csat-log";

    /// <summary>The moment score.json was generated: the windows' days are counted back from it.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public static readonly NoteSigner LogKey = NoteSigner.Generate(Origin);

    public static readonly LogWitnessKey Witness = new("witness.example.test");

    private PublishedLogFiles(IReadOnlyList<LogLeaf> leaves, long size)
    {
        Leaves = leaves;
        foreach (var leaf in leaves.Take((int)size))
        {
            Tree.Append(MerkleTree.LeafHash(leaf.Bytes()));
        }
    }

    public IReadOnlyList<LogLeaf> Leaves { get; }

    public TreeHashes Tree { get; } = new();

    public string CheckpointText => new LogCheckpoint(Origin, Tree.Size, Tree.Root()).Text;

    /// <summary>The checkpoint signed by the log and cosigned by the witness.</summary>
    public string Checkpoint => new SignedNote(CheckpointText, [LogKey.Sign(CheckpointText), Witness.Cosign(CheckpointText, (ulong)Now.ToUnixTimeSeconds())]).ToString();

    /// <summary>The log of the first <paramref name="size"/> leaves (all by default).</summary>
    public static PublishedLogFiles Of(IReadOnlyList<LogLeaf> leaves, long? size = null) => new(leaves, size ?? leaves.Count);

    /// <summary>
    /// <paramref name="tickets"/> tickets resolved over the <paramref name="days"/> days to <see cref="Now"/>, each counted;
    /// most answered (a tenth on 1–5, a tenth on 0–10), every 7th not, every 11th changing its mind once.
    /// </summary>
    public static (List<LogLeaf> Leaves, string Score) Synthesize(int tickets, int days = 100)
    {
        var random = new Random(28);
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        var leaves = new List<LogLeaf>();
        var tallies = new Dictionary<DateOnly, DailyTally>();
        for (var i = 0; i < tickets; i++)
        {
            var day = today.AddDays(-(int)((long)i * days / tickets));
            var dayText = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var id = IdOf(i);
            leaves.Add(new LogLeaf(dayText, id, LedgerEntry.Counted, null, null, null));
            if (i % 7 == 3)
            {
                tallies[day] = tallies.GetValueOrDefault(day, DailyTally.None(day)).Add(null, notSurveyed: false);
                continue;
            }

            var (scale, value) = (i % 10) switch
            {
                0 => (Scale.FivePoint, (int?)random.Next(1, 6)),
                1 => (Scale.Nps, (int?)random.Next(0, 11)),
                _ => (Scale.ThreeLevel, (int?)null),
            };
            var bucket = scale == Scale.ThreeLevel ? (Rating)random.Next(0, 3) : BucketOf(scale, value);
            if (i % 11 == 5)
            {
                leaves.Add(new LogLeaf(dayText, id, LedgerEntry.Answered, Rating.Unsatisfactory.ToWire(), Scale.ThreeLevel.Name, null));
            }

            leaves.Add(new LogLeaf(dayText, id, LedgerEntry.Answered, bucket.ToWire(), scale.Name, value));
            tallies[day] = tallies.GetValueOrDefault(day, DailyTally.None(day)).Add(bucket, notSurveyed: false, scale, value);
        }

        return (leaves, JsonSerializer.Serialize(ScoreCalculator.Calculate("Example Hosting", [.. tallies.Values], Now), CsatJson.Default.ScoreDocument));
    }

    /// <summary>Ticket i's opaque ledger id, as the thank-you page shows it.</summary>
    public static string IdOf(int ticket) => Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(ticket)))[..32];

    /// <summary>Every file of the published folder: path → (bytes, content type, whether stored gzip-compressed).</summary>
    public Dictionary<string, (byte[] Body, string Type, bool Gzip)> Files(string score, Uri receipts)
    {
        var files = new Dictionary<string, (byte[], string, bool)>(StringComparer.Ordinal)
        {
            ["checkpoint"] = (Encoding.UTF8.GetBytes(Checkpoint), "text/plain; charset=utf-8", false),
            ["log.vkey"] = (Encoding.UTF8.GetBytes(LogKey.VerifierKey + "\n"), "text/plain; charset=utf-8", false),
            ["log.json"] = (Encoding.UTF8.GetBytes($$"""{"origin":"{{Origin}}","key":"{{LogKey.VerifierKey}}","witnesses":["{{Witness.Verifier.VerifierKey}}"],"receipts":"{{receipts.AbsoluteUri}}"}"""), "application/json", false),
            ["score.json"] = (Encoding.UTF8.GetBytes(score), "application/json; charset=utf-8", false),
        };
        foreach (var (name, page) in LedgerPublisher.VerifyPage)
        {
            files[name] = (page.Body, page.ContentType, false);
        }

        foreach (var (level, index, width) in Tiles.Of(Tree.Size))
        {
            var hashes = new byte[width * MerkleTree.HashSize];
            for (var i = 0; i < width; i++)
            {
                Tree.Stored(Tiles.Height * level, (index * Tiles.Width) + i).CopyTo(hashes.AsSpan(i * MerkleTree.HashSize));
            }

            files[Tiles.Path(level, index, width)] = (hashes, "application/octet-stream", false);
            if (level == 0)
            {
                files[Tiles.EntriesPath(index, width)] = (GzipBytes.Pack(Tiles.Bundle(Leaves.Skip((int)index * Tiles.Width).Take(width).Select(leaf => leaf.Bytes()))), "application/octet-stream", true);
            }
        }

        return files;
    }

    /// <summary>The receipts route's answer for <paramref name="id"/>, proven against this checkpoint; null when no leaf has it.</summary>
    public string? Receipt(string id)
    {
        var entries = Leaves.Take((int)Tree.Size).Select((leaf, index) => (leaf, index)).Where(l => l.leaf.Id == id).Select(l =>
        {
            var proof = MerkleTree.InclusionRanges(l.index, Tree.Size).Select(r => Convert.ToBase64String(Tree.RangeHash(r.Start, r.End)) + "\n");
            var text = $"c2sp.org/tlog-proof@v1\nextra {Convert.ToBase64String(l.leaf.Bytes())}\nindex {l.index}\n{string.Concat(proof)}\n{Checkpoint}";
            return $$"""{"index":{{l.index}},"leaf":{{Encoding.UTF8.GetString(l.leaf.Bytes())}},"proof":{{JsonSerializer.Serialize(text)}}}""";
        }).ToList();
        return entries.Count == 0 ? null : $$"""{"id":"{{id}}","checkpoint":{{JsonSerializer.Serialize(Checkpoint)}},"entries":[{{string.Join(',', entries)}}]}""";
    }

    private static Rating BucketOf(Scale scale, int? value)
    {
        scale.TryRead(value?.ToString(CultureInfo.InvariantCulture), out var bucket, out _);
        return bucket;
    }
}
