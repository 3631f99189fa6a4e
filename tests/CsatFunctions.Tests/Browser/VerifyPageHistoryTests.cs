using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Ledger.Log;

namespace CsatFunctions.Tests.Browser;

/// <summary>
/// What the verify page keeps between visits, per folder, and what it says on the next one: a log that
/// only grew, a rewritten history, an older checkpoint served again, a log whose key changed, and a tile
/// it could not fetch, which proves nothing either way and is never called a rewritten history.
/// </summary>
public sealed class VerifyPageHistoryTests
{
    private const string Kept = "csat-log-checkpoint:";

    private static readonly (List<LogLeaf> Leaves, string Score) Synthesized = PublishedLogFiles.Synthesize(300);

    private static readonly string Receipt = $"?receipt={PublishedLogFiles.IdOf(2)}";

    [Fact]
    public async Task The_page_keeps_the_checkpoint_it_saw_and_names_a_rewritten_history_and_an_older_checkpoint()
    {
        BrowserTests.SkipWithoutChromium();
        var before = PublishedLogFiles.Of(Synthesized.Leaves, 200);
        var grown = PublishedLogFiles.Of(Synthesized.Leaves);
        var rewritten = PublishedLogFiles.Of([Synthesized.Leaves[0] with { Day = "2026-11-01" }, .. Synthesized.Leaves.Skip(1)]);
        var (seenSmall, seenLarge) = ("", "");
        await using (var sites = await LogSites.StartAsync(before, Synthesized.Score))
        {
            var first = await BrowserTests.Browse("verify", sites.Page(Receipt));
            Assert.Equal("holds", first["done"]!.GetValue<string>());
            Assert.Equal("first", first["historyData"]!["history"]!.GetValue<string>());
            Assert.StartsWith("First visit from this browser", first["history"]!.GetValue<string>());
            seenSmall = KeptBy(first, sites);
        }

        var seenOn = JsonNode.Parse(seenSmall)!["seenOn"]!.GetValue<string>();
        await using (var sites = await LogSites.StartAsync(grown, Synthesized.Score))
        {
            var seen = await BrowserTests.Browse("verify", sites.Page(Receipt), "-", Storage(sites, seenSmall));

            Assert.Equal("holds", seen["done"]!.GetValue<string>());
            Assert.Equal($"Consistent with the checkpoint you saw last (size 200, on {seenOn}).", seen["history"]!.GetValue<string>());
            seenLarge = KeptBy(seen, sites);
            Assert.Contains("\"size\":" + grown.Tree.Size, seenLarge);
        }

        await using (var sites = await LogSites.StartAsync(rewritten, Synthesized.Score))
        {
            var seen = await BrowserTests.Browse("verify", sites.Page(Receipt), "-", Storage(sites, seenSmall));

            Assert.Equal("fails", seen["done"]!.GetValue<string>());
            Assert.Equal("rewritten", seen["historyData"]!["history"]!.GetValue<string>());
            Assert.Contains($"history was rewritten: the checkpoint you saw on {seenOn} (size 200) is not part of today's log.", Problems(seen));
            // The checkpoint it saw stays: the next visit says so again.
            Assert.Contains("\"size\":200", KeptBy(seen, sites));
        }

        // The smaller checkpoint served again, beside the tiles of the larger one seen: one history, but not the latest.
        await using (var sites = await LogSites.StartAsync(before, Synthesized.Score, alsoPublished: grown))
        {
            var seen = await BrowserTests.Browse("verify", sites.Page(Receipt), "-", Storage(sites, seenLarge));

            Assert.Equal("fails", seen["done"]!.GetValue<string>());
            Assert.Equal("older", seen["historyData"]!["history"]!.GetValue<string>());
            Assert.Equal([$"an older checkpoint than the one you saw (served stale or rolled back): size 200, where you saw size {grown.Tree.Size} on {seenOn}; it is part of the same history, and the larger one is kept."], Problems(seen));
            Assert.Contains("\"size\":" + grown.Tree.Size, KeptBy(seen, sites));
            Assert.Empty(seen["errors"]!.AsArray());
        }
    }

    [Fact]
    public async Task A_tile_that_cannot_be_fetched_leaves_the_history_and_the_receipt_unchecked_never_rewritten()
    {
        BrowserTests.SkipWithoutChromium();
        var before = PublishedLogFiles.Of(Synthesized.Leaves, 200);
        var grown = PublishedLogFiles.Of(Synthesized.Leaves);
        string seenSmall;
        await using (var sites = await LogSites.StartAsync(before, Synthesized.Score))
        {
            seenSmall = KeptBy(await BrowserTests.Browse("verify", sites.Page(Receipt)), sites);
        }

        // The consistency proof from 200 needs the hashes of the first tile of the grown tree: it answers 404.
        await using (var sites = await LogSites.StartAsync(grown, Synthesized.Score, receipts: before, tamper: [(Tiles.Path(0, 0, Tiles.Width), null)]))
        {
            var seen = await BrowserTests.Browse("verify", sites.Page(Receipt), "-", Storage(sites, seenSmall));

            Assert.Equal("holds", seen["done"]!.GetValue<string>());
            Assert.Empty(Problems(seen));
            Assert.Equal("unchecked", seen["historyData"]!["history"]!.GetValue<string>());
            Assert.Equal($"could not check consistency with the checkpoint you saw (size 200, on {JsonNode.Parse(seenSmall)!["seenOn"]}): tile/0/000 answered 404. It is kept for the next visit.", seen["history"]!.GetValue<string>());
            Assert.EndsWith($"Could not check that its checkpoint (size 200) and the log's (size {grown.Tree.Size}) are one history: tile/0/000 answered 404.", seen["receipt"]!.GetValue<string>());
            Assert.Equal("unchecked", seen["receiptData"]!["consistency"]!.GetValue<string>());
            Assert.EndsWith("could not be checked (see below).", seen["summary"]!.GetValue<string>());
            Assert.DoesNotContain("rewritten", seen.ToJsonString(), StringComparison.Ordinal);
            Assert.Contains("\"size\":200", KeptBy(seen, sites));
            Assert.Empty(seen["errors"]!.AsArray());
        }
    }

    [Fact]
    public async Task A_hash_tile_that_starts_like_gzip_is_read_as_the_hashes_it_holds()
    {
        BrowserTests.SkipWithoutChromium();
        // One leaf in 65,536 hashes to 1f 8b…, gzip's magic: here the first of the first tile.
        List<LogLeaf> leaves = [GzipLike(Synthesized.Leaves[0]), .. Synthesized.Leaves.Skip(1)];
        var log = PublishedLogFiles.Of(leaves);
        await using var sites = await LogSites.StartAsync(log, Synthesized.Score, receipts: PublishedLogFiles.Of(leaves, 200));

        var seen = await BrowserTests.Browse("verify", sites.Page(Receipt));

        Assert.Equal("holds", seen["done"]!.GetValue<string>());
        Assert.Empty(Problems(seen));
        Assert.Equal("200", seen["receiptData"]!["checkpointSize"]!.GetValue<string>());
        Assert.NotEqual("0", seen["data"]!["tiles"]!.GetValue<string>());
        Assert.Empty(seen["errors"]!.AsArray());
    }

    [Fact]
    public async Task A_log_whose_key_changed_since_the_last_visit_is_named_so_and_an_empty_checkpoint_is_extended_by_any()
    {
        BrowserTests.SkipWithoutChromium();
        var log = PublishedLogFiles.Of(Synthesized.Leaves);
        using var other = NoteSigner.Generate(PublishedLogFiles.Origin);
        var resigned = new SignedNote(log.CheckpointText, [other.Sign(log.CheckpointText), PublishedLogFiles.Witness.Cosign(log.CheckpointText, 1)]).ToString();
        var description = $$"""{"origin":"{{PublishedLogFiles.Origin}}","key":"{{other.VerifierKey}}","witnesses":["{{PublishedLogFiles.Witness.Verifier.VerifierKey}}"],"receipts":"api/log/receipts/"}""";
        var empty = new JsonObject { ["origin"] = PublishedLogFiles.Origin, ["vkey"] = PublishedLogFiles.LogKey.VerifierKey, ["size"] = 0, ["root"] = Convert.ToBase64String(MerkleTree.EmptyRoot()), ["seenOn"] = "2026-11-01", ["note"] = "" }.ToJsonString();

        await using (var sites = await LogSites.StartAsync(log, Synthesized.Score, tamper: [("checkpoint", Encoding.UTF8.GetBytes(resigned)), ("log.json", Encoding.UTF8.GetBytes(description))]))
        {
            var seen = await BrowserTests.Browse("verify", sites.Page(""), "-", Storage(sites, empty));

            Assert.Equal("fails", seen["done"]!.GetValue<string>());
            Assert.Equal("changed", seen["historyData"]!["history"]!.GetValue<string>());
            Assert.Equal([$"the log's name/key changed since your last visit: its key was {PublishedLogFiles.LogKey.VerifierKey}, it is now {other.VerifierKey} (the checkpoint you saw on 2026-11-01, size 0, cannot be checked against it)."], Problems(seen));
        }

        await using (var sites = await LogSites.StartAsync(log, Synthesized.Score))
        {
            var seen = await BrowserTests.Browse("verify", sites.Page(Receipt), "-", Storage(sites, empty));

            Assert.Equal("holds", seen["done"]!.GetValue<string>());
            Assert.Equal("Consistent with the checkpoint you saw last (size 0, on 2026-11-01).", seen["history"]!.GetValue<string>());
        }
    }

    private static IEnumerable<string> Problems(JsonNode seen) => seen["problems"]!.AsArray().Select(p => p!.GetValue<string>());

    /// <summary>What the page kept, which it keeps under the folder it was served from.</summary>
    private static string KeptBy(JsonNode seen, LogSites sites)
    {
        var (key, value) = Assert.Single(seen["storage"]!.AsObject());
        Assert.Equal(Kept + sites.Folder, key);
        return value!.GetValue<string>();
    }

    /// <summary>Local storage holding <paramref name="kept"/> for this folder (each site is served on a port of its own).</summary>
    private static string Storage(LogSites sites, string kept) => new JsonObject { [Kept + sites.Folder] = kept }.ToJsonString();

    private static LogLeaf GzipLike(LogLeaf leaf) => Enumerable.Range(1, int.MaxValue - 1)
        .Select(n => leaf with { Id = Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(-n)))[..32] })
        .First(candidate => MerkleTree.LeafHash(candidate.Bytes()) is [0x1f, 0x8b, ..]);
}
