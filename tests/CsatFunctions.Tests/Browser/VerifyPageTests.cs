using System.Text;
using System.Text.Json;
using CsatFunctions.Ledger.Log;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Browser;

/// <summary>
/// The verify page in Chromium against a small transparency log published as the contract lays it out
/// (checkpoint, tiles, gzip entry bundles, log.json, score.json), with the receipts route answered by
/// another origin, as the API answers it: a receipt is proven and placed in its windows, the full audit
/// counts every window again, each kind of tampering and a forged signature or cosignature is named, and a
/// receipt link that holds no receipt id, or an answer that proves nothing, is named for what it is.
/// </summary>
public sealed class VerifyPageTests
{
    private static readonly (List<LogLeaf> Leaves, string Score) Synthesized = PublishedLogFiles.Synthesize(300);

    [Fact]
    public async Task A_receipt_is_proven_by_the_proof_its_answer_carries_and_placed_in_the_windows_it_counts_in()
    {
        BrowserTests.SkipWithoutChromium();
        var log = PublishedLogFiles.Of(Synthesized.Leaves);
        await using var sites = await LogSites.StartAsync(log, Synthesized.Score);
        var (recent, older) = (PublishedLogFiles.IdOf(1), PublishedLogFiles.IdOf(150));
        var results = Directory.CreateDirectory(Path.Combine(AzuriteProcess.RepositoryRoot(), "TestResults"));

        var seen = await BrowserTests.Browse("verify", sites.Page($"?receipt={recent}"), Path.Combine(results.FullName, "verify-receipt.png"));

        Assert.Equal("holds", seen["done"]!.GetValue<string>());
        Assert.Empty(seen["errors"]!.AsArray());
        Assert.Empty(seen["problems"]!.AsArray());
        var receipt = seen["receiptData"]!;
        Assert.Equal("proven", receipt["receipt"]!.GetValue<string>());
        Assert.Equal("2026-11-24", receipt["day"]!.GetValue<string>());
        Assert.Equal("last7Days,last30Days,last90Days,last365Days,allTime", receipt["windows"]!.GetValue<string>());
        Assert.Equal(log.Tree.Size.ToString(System.Globalization.CultureInfo.InvariantCulture), receipt["checkpointSize"]!.GetValue<string>());
        Assert.Contains("counted on 2026-11-24, answered ", seen["receipt"]!.GetValue<string>());
        Assert.Contains("last 7 days (2026-11-18 to 2026-11-24)", seen["receipt"]!.GetValue<string>());
        Assert.Contains($"signed by the log, cosigned by 1 witness(es): {PublishedLogFiles.Witness.Verifier.Name}", seen["checkpoint"]!.GetValue<string>());
        // The proof is in the receipt's answer, for the checkpoint the page loaded: no tile is fetched, and no audit runs.
        Assert.Equal("0", seen["data"]!["tiles"]!.GetValue<string>());
        Assert.Empty(seen["rows"]!.AsArray());
        Assert.StartsWith("default-src 'none'; script-src 'self'; style-src 'sha256-", seen["csp"]!.GetValue<string>());
        foreach (var layout in seen["layouts"]!.AsArray())
        {
            Assert.True(layout!["scrollWidth"]!.GetValue<int>() <= layout["clientWidth"]!.GetValue<int>(), $"at {layout["width"]} px the page scrolls sideways");
            Assert.True(new FileInfo(layout["screenshot"]!.GetValue<string>()).Length > 20_000, "the screenshot is too small to show the page");
        }

        var earlier = await BrowserTests.Browse("verify", sites.Page($"?receipt={older}"));

        Assert.Equal("holds", earlier["done"]!.GetValue<string>());
        Assert.Equal("last90Days,last365Days,allTime", earlier["receiptData"]!["windows"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_receipt_proven_against_an_older_checkpoint_is_checked_consistent_with_todays_and_an_unknown_one_is_not_in_the_log_yet()
    {
        BrowserTests.SkipWithoutChromium();
        var log = PublishedLogFiles.Of(Synthesized.Leaves);
        await using var sites = await LogSites.StartAsync(log, Synthesized.Score, receipts: PublishedLogFiles.Of(Synthesized.Leaves, 200));

        var seen = await BrowserTests.Browse("verify", sites.Page($"?receipt={PublishedLogFiles.IdOf(2)}"));
        var unknown = await BrowserTests.Browse("verify", sites.Page($"?receipt={new string('a', 32)}"));

        Assert.Equal("holds", seen["done"]!.GetValue<string>());
        Assert.Equal("200", seen["receiptData"]!["checkpointSize"]!.GetValue<string>());
        Assert.NotEqual("0", seen["data"]!["tiles"]!.GetValue<string>());
        Assert.Equal("pending", unknown["done"]!.GetValue<string>());
        Assert.Equal($"Receipt {new string('a', 32)}: not in the log yet: answers are appended at the next refresh.", unknown["receipt"]!.GetValue<string>());
        Assert.Empty(unknown["errors"]!.AsArray());
    }

    [Fact]
    public async Task The_full_audit_streams_every_entry_and_counts_every_window_again()
    {
        BrowserTests.SkipWithoutChromium();
        var log = PublishedLogFiles.Of(Synthesized.Leaves);
        await using var sites = await LogSites.StartAsync(log, Synthesized.Score);
        var results = Directory.CreateDirectory(Path.Combine(AzuriteProcess.RepositoryRoot(), "TestResults"));

        var seen = await BrowserTests.Browse("verify", sites.Page(""), Path.Combine(results.FullName, "verify-audit.png"));

        Assert.True("holds" == seen["done"]!.GetValue<string>(), seen.ToJsonString());
        Assert.StartsWith($"The log holds: {log.Tree.Size} entries give the signed root", seen["summary"]!.GetValue<string>());
        Assert.Equal(["last7Days", "last30Days", "last90Days", "last365Days", "allTime"], seen["rows"]!.AsArray().Select(r => r!["window"]!.GetValue<string>()));
        Assert.All(seen["rows"]!.AsArray(), row => Assert.Equal("match", row!["verdict"]!.GetValue<string>()));
        Assert.True(long.Parse(seen["data"]!["auditBytes"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.NotNull(seen["data"]!["auditMs"]);
        Assert.Empty(seen["errors"]!.AsArray());
        Assert.All(seen["layouts"]!.AsArray(), layout => Assert.True(layout!["scrollWidth"]!.GetValue<int>() <= layout["clientWidth"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_changed_dropped_or_swapped_entry_a_forged_checkpoint_and_a_forged_cosignature_are_each_named()
    {
        BrowserTests.SkipWithoutChromium();
        var log = PublishedLogFiles.Of(Synthesized.Leaves);
        var entries = Tiles.EntriesPath(0, Tiles.Width);
        var bundle = Tiles.Unbundle(GzipBytes.Unpack(log.Files(Synthesized.Score, new Uri("http://127.0.0.1/"))[entries].Body))!;
        var changed = bundle.FindIndex(leaf => Encoding.UTF8.GetString(leaf).Contains("\"unsatisfactory\"", StringComparison.Ordinal));
        var forgedRoot = log.CheckpointText.Replace(Convert.ToBase64String(log.Tree.Root()), Convert.ToBase64String(log.Tree.RangeHash(0, 5)), StringComparison.Ordinal);
        var signed = SignedNote.Parse(log.Checkpoint)!;
        var otherWitness = new LogWitnessKey(PublishedLogFiles.Witness.Verifier.Name).Cosign(log.CheckpointText, 1);
        var tamperings = new (string File, byte[] Content, string Problem)[]
        {
            (entries, Bundle(bundle.Select((l, i) => i == changed ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(l).Replace("\"unsatisfactory\"", "\"excellent\"", StringComparison.Ordinal)) : l)), $"entry {changed} was changed (its hash is not the one the log's tree holds)."),
            (entries, Bundle(bundle.Where((_, i) => i != 3)), "entry 3 was dropped (the entry after it stands in its place)."),
            (entries, Bundle([bundle[0], bundle[2], bundle[1], .. bundle[3..]]), "entry 1 and entry 2 were swapped (each stands where the other should)."),
            (entries, Bundle([.. bundle, bundle[0]]), "entries: bundle 0 holds 1 entries too many (257 where the checkpoint counts 256)."),
            ("checkpoint", Encoding.UTF8.GetBytes(new SignedNote(forgedRoot, signed.Signatures).ToString()), $"checkpoint: its signature does not verify with the log's key ({PublishedLogFiles.Origin})."),
            // signed-note: a failing line under a known key rejects the note, even beside one that verifies.
            ("checkpoint", Encoding.UTF8.GetBytes(new SignedNote(log.CheckpointText, [signed.Signatures[0], PublishedLogFiles.LogKey.Sign(forgedRoot), signed.Signatures[1]]).ToString()), $"checkpoint: 1 of its signature lines under the log's name and key ID ({PublishedLogFiles.Origin}) does not verify, so the note is rejected (another line that verifies does not outweigh it)."),
            ("checkpoint", Encoding.UTF8.GetBytes(new SignedNote(log.CheckpointText, [signed.Signatures[0], new NoteSignature(otherWitness.Name, PublishedLogFiles.Witness.Verifier.KeyId, otherWitness.Signature)]).ToString()), $"checkpoint: the cosignature of witness {PublishedLogFiles.Witness.Verifier.Name} is forged (it does not verify with the witness's key)."),
        };
        foreach (var (file, content, problem) in tamperings)
        {
            await using var sites = await LogSites.StartAsync(log, Synthesized.Score, tamper: [(file, content)]);

            var seen = await BrowserTests.Browse("verify", sites.Page(""));

            Assert.Equal("fails", seen["done"]!.GetValue<string>());
            Assert.Contains(problem, seen["problems"]!.AsArray().Select(p => p!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task A_receipt_link_without_a_receipt_id_is_named_without_a_request_and_an_answer_with_no_entry_is_a_problem()
    {
        BrowserTests.SkipWithoutChromium();
        var log = PublishedLogFiles.Of(Synthesized.Leaves);
        var id = PublishedLogFiles.IdOf(1);
        await using (var sites = await LogSites.StartAsync(log, Synthesized.Score))
        {
            var seen = await BrowserTests.Browse("verify", sites.Page("?receipt=not-a-receipt"));

            Assert.Equal("invalid", seen["done"]!.GetValue<string>());
            Assert.Equal("Receipt not-a-receipt: not a receipt id (a receipt id is 32 lowercase hexadecimal characters, as the thank-you page shows it); nothing was asked.", seen["receipt"]!.GetValue<string>());
            Assert.Equal(0, sites.ReceiptRequests);
            Assert.Empty(seen["problems"]!.AsArray());
            Assert.Empty(seen["errors"]!.AsArray());
        }

        await using (var sites = await LogSites.StartAsync(log, Synthesized.Score, answer: $$"""{"id":"{{id}}","checkpoint":{{JsonSerializer.Serialize(log.Checkpoint)}},"entries":[]}"""))
        {
            var seen = await BrowserTests.Browse("verify", sites.Page($"?receipt={id}"));

            Assert.Equal("fails", seen["done"]!.GetValue<string>());
            Assert.Equal([$"receipt: the answer for {id} carries no entry, so nothing proves it."], seen["problems"]!.AsArray().Select(p => p!.GetValue<string>()));
            Assert.Equal("1 problem(s) in the log.", seen["summary"]!.GetValue<string>());
            Assert.Equal(1, sites.ReceiptRequests);
        }
    }

    [Fact]
    public async Task A_log_key_of_another_type_than_a_logs_is_refused()
    {
        BrowserTests.SkipWithoutChromium();
        var log = PublishedLogFiles.Of(Synthesized.Leaves);
        var witnessKeyed = $$"""{"origin":"{{PublishedLogFiles.Origin}}","key":"{{PublishedLogFiles.Witness.Verifier.VerifierKey}}","witnesses":[],"receipts":"api/log/receipts/"}""";
        await using var sites = await LogSites.StartAsync(log, Synthesized.Score, tamper: [("log.json", Encoding.UTF8.GetBytes(witnessKeyed))]);

        var seen = await BrowserTests.Browse("verify", sites.Page(""));

        Assert.Equal("error", seen["done"]!.GetValue<string>());
        Assert.Equal($"The log could not be read: the log's key {PublishedLogFiles.Witness.Verifier.VerifierKey} is not an Ed25519 log key (type 0x01, signed-note)", seen["summary"]!.GetValue<string>());
    }

    private static byte[] Bundle(IEnumerable<byte[]> leaves) => GzipBytes.Pack(Tiles.Bundle(leaves));
}
