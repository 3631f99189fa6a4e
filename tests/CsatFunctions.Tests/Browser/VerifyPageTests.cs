using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Ledger.Log;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Tests.Browser;

/// <summary>
/// The verify page in Chromium against a small transparency log published as the contract lays it out
/// (checkpoint, tiles, gzip entry bundles, log.json, score.json), with the receipts route answered by
/// another origin, as the API answers it: a receipt is proven and placed in its windows, the full audit
/// counts every window again, and each kind of tampering, a forged signature or cosignature, and a
/// rewritten history is named.
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
        Assert.True(double.Parse(seen["data"]!["receiptMs"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) < 1000);
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
        var bundle = Tiles.Unbundle(PublishedLogFiles.Gunzip(log.Files(Synthesized.Score, new Uri("http://127.0.0.1/"))[entries].Body))!;
        var changed = bundle.FindIndex(leaf => Encoding.UTF8.GetString(leaf).Contains("\"unsatisfactory\"", StringComparison.Ordinal));
        var forgedRoot = log.CheckpointText.Replace(Convert.ToBase64String(log.Tree.Root()), Convert.ToBase64String(log.Tree.RangeHash(0, 5)), StringComparison.Ordinal);
        var signed = SignedNote.Parse(log.Checkpoint)!;
        var otherWitness = new LogWitnessKey(PublishedLogFiles.Witness.Verifier.Name).Cosign(log.CheckpointText, 1);
        var tamperings = new (string File, byte[] Content, string Problem)[]
        {
            (entries, Bundle(bundle.Select((l, i) => i == changed ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(l).Replace("\"unsatisfactory\"", "\"excellent\"", StringComparison.Ordinal)) : l)), $"entry {changed} was changed (its hash is not the one the log's tree holds)."),
            (entries, Bundle(bundle.Where((_, i) => i != 3)), "entry 3 was dropped (the entry after it stands in its place)."),
            (entries, Bundle([bundle[0], bundle[2], bundle[1], .. bundle[3..]]), "entry 1 and entry 2 were swapped (each stands where the other should)."),
            ("checkpoint", Encoding.UTF8.GetBytes(new SignedNote(forgedRoot, signed.Signatures).ToString()), $"checkpoint: its signature does not verify with the log's key ({PublishedLogFiles.Origin})."),
            ("checkpoint", Encoding.UTF8.GetBytes(new SignedNote(log.CheckpointText, [signed.Signatures[0], new NoteSignature(otherWitness.Name, PublishedLogFiles.Witness.Verifier.KeyId, otherWitness.Signature)]).ToString()), $"checkpoint: the cosignature of witness {PublishedLogFiles.Witness.Verifier.Name} is forged (it does not verify with the witness's key)."),
        };
        foreach (var (file, content, problem) in tamperings)
        {
            await using var sites = await LogSites.StartAsync(log, Synthesized.Score, tamper: (file, content));

            var seen = await BrowserTests.Browse("verify", sites.Page(""));

            Assert.Equal("fails", seen["done"]!.GetValue<string>());
            Assert.Contains(problem, seen["problems"]!.AsArray().Select(p => p!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task The_page_keeps_the_checkpoint_it_saw_and_names_a_rewritten_history()
    {
        BrowserTests.SkipWithoutChromium();
        var before = PublishedLogFiles.Of(Synthesized.Leaves, 200);
        var grown = PublishedLogFiles.Of(Synthesized.Leaves);
        var rewritten = PublishedLogFiles.Of([Synthesized.Leaves[0] with { Day = "2026-11-01" }, .. Synthesized.Leaves.Skip(1)]);
        string storage;
        await using (var sites = await LogSites.StartAsync(before, Synthesized.Score))
        {
            var first = await BrowserTests.Browse("verify", sites.Page($"?receipt={PublishedLogFiles.IdOf(2)}"));
            Assert.Equal("holds", first["done"]!.GetValue<string>());
            Assert.StartsWith("First visit from this browser", first["history"]!.GetValue<string>());
            storage = first["storage"]!.ToJsonString();
        }

        await using (var sites = await LogSites.StartAsync(grown, Synthesized.Score))
        {
            var seen = await BrowserTests.Browse("verify", sites.Page($"?receipt={PublishedLogFiles.IdOf(2)}"), "-", storage);

            Assert.Equal("holds", seen["done"]!.GetValue<string>());
            Assert.Equal("Consistent with the checkpoint you saw last (size 200, on " + JsonNode.Parse(JsonNode.Parse(storage)!.AsObject().Single().Value!.GetValue<string>())!["seenOn"] + ").", seen["history"]!.GetValue<string>());
            Assert.Contains("\"size\":" + grown.Tree.Size, Assert.Single(seen["storage"]!.AsObject()).Value!.GetValue<string>());
        }

        await using (var sites = await LogSites.StartAsync(rewritten, Synthesized.Score))
        {
            var seen = await BrowserTests.Browse("verify", sites.Page($"?receipt={PublishedLogFiles.IdOf(2)}"), "-", storage);

            Assert.Equal("fails", seen["done"]!.GetValue<string>());
            var seenOn = JsonNode.Parse(JsonNode.Parse(storage)!.AsObject().Single().Value!.GetValue<string>())!["seenOn"]!.GetValue<string>();
            Assert.Contains($"history was rewritten: the checkpoint you saw on {seenOn} (size 200) is not part of today's log.", seen["problems"]!.AsArray().Select(p => p!.GetValue<string>()));
            // The checkpoint it saw stays: the next visit says so again.
            Assert.Contains("\"size\":200", Assert.Single(seen["storage"]!.AsObject()).Value!.GetValue<string>());
        }
    }

    private static byte[] Bundle(IEnumerable<byte[]> leaves) => PublishedLogFiles.Gzip(Tiles.Bundle(leaves));

    /// <summary>The published folder as the storage static website serves it, and the receipts route on another origin, as the API answers it.</summary>
    private sealed class LogSites(WebApplication files, WebApplication api) : IAsyncDisposable
    {
        public string Page(string query) => files.Urls.First() + "/verify.html" + query;

        /// <param name="receipts">The log whose checkpoint the receipts are proven against (by default the published one).</param>
        /// <param name="tamper">One file served changed.</param>
        public static async Task<LogSites> StartAsync(PublishedLogFiles log, string score, PublishedLogFiles? receipts = null, (string File, byte[] Content)? tamper = null)
        {
            var api = await LocalSite.StartAsync(app => app.MapGet("/api/log/receipts/{id}", (string id, HttpResponse response) =>
            {
                response.Headers.AccessControlAllowOrigin = "*";
                return (receipts ?? log).Receipt(id) is { } answer ? Results.Text(answer, "application/json") : Results.Problem(statusCode: 404, title: "not in the log yet: answers are appended at the next refresh");
            }));
            var published = log.Files(score, new Uri(api.Urls.First() + "/api/log/receipts/"));
            if (tamper is { } t)
            {
                published[t.File] = (t.Content, published[t.File].Type, published[t.File].Gzip);
            }

            var files = await LocalSite.StartAsync(app => app.MapGet("/{**path}", (string path, HttpResponse response) =>
            {
                if (!published.TryGetValue(path, out var file))
                {
                    return Results.NotFound();
                }

                if (file.Gzip)
                {
                    response.Headers.ContentEncoding = "gzip";
                }

                return Results.Bytes(file.Body, file.Type);
            }));
            return new(files, api);
        }

        public async ValueTask DisposeAsync()
        {
            await files.DisposeAsync();
            await api.DisposeAsync();
        }
    }
}
