using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsatFunctions.Ledger;
using CsatFunctions.Ledger.Log;
using CsatFunctions.Scores;
using CsatFunctions.Tests.Browser;
using CsatFunctions.Tests.Infrastructure;
using CsatFunctions.Tests.Ledger;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CsatFunctions.Benchmarks;

/// <summary>
/// The chain's year (<see cref="LedgerLoadRun"/>) as the transparency log: its leaves written as the publisher
/// writes them (hash tiles, gzip entry bundles, the signed checkpoint), its bytes raw and as stored, and the
/// command-line full audit from a folder and over HTTP beside the chain's, and the verify page's full audit in
/// Chromium (<see cref="VerifyPageInChromium"/>) on the same leaves; then one receipt at 10^4, 10^5 and 10^6
/// entries: its tlog-proof's bytes, the time to verify it in C#, the tiles a tile-based verifier fetches, and
/// the same receipt (the same leaf of the same log) checked by the verify page in Chromium.
/// </summary>
public static class TransparencyLogLoadRun
{
    private const int Runs = 3;

    public static async Task RunAsync(List<LedgerEntry> entries, List<DailyTally> tallies, DateTimeOffset now, TimeSpan chainCommand)
    {
        var folder = Directory.CreateTempSubdirectory("csat-log-");
        try
        {
            using var key = NoteSigner.Generate("csat.example.com/log");
            var leaves = entries.Select(entry => LogLeaf.Of(entry).Bytes()).ToList();
            var score = ScoreCalculator.Calculate("Benchmark Hosting", tallies, now);
            var (raw, stored) = PublishedLogFolder.Write(folder.FullName, leaves, key, [], score);
            var bundles = Directory.GetFiles(Path.Combine(folder.FullName, "tile", "entries"), "*", SearchOption.AllDirectories).Sum(file => new FileInfo(file).Length);
            var fromFolder = await MedianAuditAsync(folder.FullName);
            await using var site = await PublishedLogFolder.ServeAsync(() => folder.FullName);
            var fromSite = await MedianAuditAsync(site.Services.GetService(typeof(IServer)) is IServer server ? server.Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/" : "");

            Console.WriteLine();
            Console.WriteLine($"## The transparency log: the same year ({leaves.Count:N0} leaves)");
            Console.WriteLine();
            Console.WriteLine("| what | figure |");
            Console.WriteLine("| --- | ---: |");
            Console.WriteLine($"| log files raw (hash tiles, entry bundles, checkpoint, log.json, log.vkey) | {raw / 1024.0 / 1024.0:F1} MiB |");
            Console.WriteLine($"| as stored (entry bundles gzip) | {stored / 1024.0 / 1024.0:F1} MiB |");
            Console.WriteLine($"| what a full audit downloads (every entry bundle, gzip, and the checkpoint, log.json, score.json) | {bundles / 1024.0 / 1024.0:F1} MiB |");
            Console.WriteLine($"| command-line full audit from a folder, process start to verdict (median of {Runs}: {fromFolder.Verdict}) | {fromFolder.Time.TotalSeconds:F2} s |");
            Console.WriteLine($"| the audit alone, as the tool prints it (median of {Runs}) | {fromFolder.Audit:F0} ms |");
            Console.WriteLine($"| command-line full audit over HTTP from a loopback site, process start to verdict ({fromSite.Verdict}) | {fromSite.Time.TotalSeconds:F2} s |");
            Console.WriteLine($"| the audit alone over HTTP, as the tool prints it | {fromSite.Audit:F0} ms |");
            Console.WriteLine($"| the chain's command-line verifier on the same year (above) | {chainCommand.TotalSeconds:F1} s |");
            if (VerifyPageInChromium.Installed)
            {
                var page = await VerifyPageInChromium.BrowseAsync(PublishedLogFiles.Of([.. entries.Select(LogLeaf.Of)]), JsonSerializer.Serialize(score, CsatJson.Default.ScoreDocument), "");
                var data = page["data"]!;
                Console.WriteLine($"| verify page in Chromium, full audit: the first entry bundle to the windows counted again ({page["done"]}) | {VerifyPageInChromium.Ms(data["auditMs"])} |");
                Console.WriteLine($"| what the page's full audit downloads (gzip / unzipped) | {VerifyPageInChromium.Mib(data["auditBytes"])} / {VerifyPageInChromium.Mib(data["auditDecodedBytes"])} |");
            }
            else
            {
                Console.WriteLine("| verify page in Chromium, full audit | skipped: Chromium is not installed |");
            }

            Console.WriteLine();
            Console.WriteLine("## One receipt: its inclusion proof against the checkpoint");
            Console.WriteLine();
            Console.WriteLine("| entries | tlog-proof text | hashes | verify in C# (signature + inclusion, median of 1,000) | inclusion alone | tiles a tile-based verifier fetches | verify page in Chromium: request to verdict (verifying alone), tiles fetched |");
            Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | --- |");
            foreach (var size in new[] { 10_000, 100_000, 1_000_000 })
            {
                Console.WriteLine(await ReceiptAsync(size, now, key));
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<(TimeSpan Time, double Audit, string Verdict)> MedianAuditAsync(string where)
    {
        var runs = new List<(TimeSpan Time, double Audit, string Verdict)>();
        for (var run = 0; run < Runs; run++)
        {
            var state = Path.Combine(Path.GetTempPath(), $"csat-bench-{Guid.NewGuid():N}.checkpoint");
            var tool = Path.Combine(AzuriteProcess.RepositoryRoot(), "tools", "CsatFunctions.Verify", "bin", "Release", "net10.0", "CsatFunctions.Verify.dll");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in new[] { tool, "--state", state, where })
            {
                start.ArgumentList.Add(arg);
            }

            var watch = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            watch.Stop();
            File.Delete(state);
            var audit = Regex.Match(output, @"^audit: (\d+) ms", RegexOptions.Multiline);
            runs.Add((watch.Elapsed, audit.Success ? double.Parse(audit.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN, process.ExitCode == 0 ? "holds" : "FAILS: " + output[^Math.Min(300, output.Length)..]));
        }

        return runs.OrderBy(run => run.Time).ElementAt(Runs / 2);
    }

    /// <returns>The table's row for a receipt in the middle of a log of <paramref name="size"/> entries.</returns>
    private static async Task<string> ReceiptAsync(int size, DateTimeOffset now, NoteSigner key)
    {
        var (entries, tallies) = SyntheticLedger.Year(size / 2, now);
        var tree = new TreeHashes();
        var leaves = entries.Select(entry => LogLeaf.Of(entry).Bytes()).ToList();
        foreach (var leaf in leaves)
        {
            tree.Append(MerkleTree.LeafHash(leaf));
        }

        var checkpoint = new LogCheckpoint(key.Name, tree.Size, tree.Root());
        var signed = new SignedNote(checkpoint.Text, [key.Sign(checkpoint.Text)]).ToString();
        var index = (size / 2) + 1;
        var tiled = new TiledTree(size, PublishedLogFolder.TilesOf(tree));
        var proof = await tiled.InclusionProofAsync(index, CancellationToken.None);
        var text = $"c2sp.org/tlog-proof@v1\nextra {Convert.ToBase64String(leaves[index])}\nindex {index}\n{string.Concat(proof.Select(hash => Convert.ToBase64String(hash) + "\n"))}\n{signed}";
        var verifier = NoteVerifier.Parse(key.VerifierKey)!;

        // Warmed up first, so the median is of the steady state, not of the JIT.
        for (var run = 0; run < 1_000; run++)
        {
            Assert(ReceiptHolds(text, verifier));
        }

        var (whole, inclusion) = (new List<double>(), new List<double>());
        for (var run = 0; run < 1_000; run++)
        {
            var watch = Stopwatch.StartNew();
            Assert(ReceiptHolds(text, verifier));
            whole.Add(watch.Elapsed.TotalMicroseconds);
            watch.Restart();
            Assert(MerkleTree.VerifyInclusion(index, size, MerkleTree.LeafHash(leaves[index]), proof, checkpoint.RootHash));
            inclusion.Add(watch.Elapsed.TotalMicroseconds);
        }

        var chromium = "skipped: Chromium is not installed";
        if (VerifyPageInChromium.Installed)
        {
            // The same leaf of the same log, its receipt answered by a route beside the site, as verify.html?receipt=… opens it.
            var score = JsonSerializer.Serialize(ScoreCalculator.Calculate("Benchmark Hosting", tallies, now), CsatJson.Default.ScoreDocument);
            var page = await VerifyPageInChromium.BrowseAsync(PublishedLogFiles.Of([.. entries.Select(LogLeaf.Of)]), score, $"?receipt={entries[index].Id}");
            var data = page["data"]!;
            chromium = $"{VerifyPageInChromium.Ms(data["receiptMs"])} ({VerifyPageInChromium.Ms(data["receiptVerifyMs"])}), {data["tiles"]} tiles ({page["done"]})";
        }

        return $"| {size:N0} | {Encoding.UTF8.GetByteCount(text):N0} B | {proof.Count} | {Median(whole):F0} µs | {Median(inclusion):F0} µs | {tiled.TilesRead} tiles + 1 entry bundle | {chromium} |";
    }

    /// <summary>What a receipt's reader does: parse the tlog-proof, check the checkpoint's signature, hash the leaf and check its path to the signed root.</summary>
    private static bool ReceiptHolds(string text, NoteVerifier verifier)
    {
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var lines = text[..split].Split('\n');
        if (SignedNote.Parse(text[(split + 2)..]) is not { } note || LogCheckpoint.Parse(note.Text) is not { } checkpoint || !note.Signatures.Any(s => verifier.Verifies(note.Text, s)))
        {
            return false;
        }

        var leaf = Convert.FromBase64String(lines[1]["extra ".Length..]);
        var index = long.Parse(lines[2]["index ".Length..], CultureInfo.InvariantCulture);
        var proof = lines[3..].Select(Convert.FromBase64String).ToList();
        return MerkleTree.VerifyInclusion(index, checkpoint.Size, MerkleTree.LeafHash(leaf), proof, checkpoint.RootHash);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static void Assert(bool holds)
    {
        if (!holds)
        {
            throw new InvalidOperationException("The receipt does not verify.");
        }
    }
}
