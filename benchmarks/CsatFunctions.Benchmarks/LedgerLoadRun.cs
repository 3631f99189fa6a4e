using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CsatFunctions.Ledger;
using CsatFunctions.Scores;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;
using CsatFunctions.Tests.Ledger;

namespace CsatFunctions.Benchmarks;

/// <summary>
/// A year of the public ledger: 100,000 tickets resolved over 365 days, each counted and answered (so
/// 200,000 entries, a tenth on the five-point scale and a tenth on NPS), published as the aggregator
/// publishes it with a matching score.json and a signed checkpoint. Measured: its size per 10,000
/// answers, and the time to verify it all with the command-line verifier, beside hashing the same entries'
/// fields once; then the same entries as the transparency log (<see cref="TransparencyLogLoadRun"/>), whose
/// verify page in Chromium is measured there: the page checks the log now, so the chain has no page to time
/// (its last figure stays in docs/performance.md as the reference).
/// </summary>
public static class LedgerLoadRun
{
    public static async Task RunAsync(int answers)
    {
        var folder = Directory.CreateTempSubdirectory("csat-ledger-");
        try
        {
            var now = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
            var (entries, tallies) = SyntheticLedger.Year(answers, now);
            var bytes = Write(folder.FullName, entries, tallies, now);

            var hashing = Stopwatch.StartNew();
            foreach (var entry in entries)
            {
                _ = LedgerEntry.HashOf(entry.Seq, entry.Day, entry.Id, entry.Kind, entry.Bucket, entry.Scale, entry.Value, entry.Prev);
            }

            hashing.Stop();
            var command = await TimeCommandLineAsync(folder.FullName);

            Console.WriteLine();
            Console.WriteLine($"## The public ledger: a year of {answers:N0} answered tickets ({entries.Count:N0} entries)");
            Console.WriteLine();
            Console.WriteLine("| what | figure |");
            Console.WriteLine("| --- | ---: |");
            Console.WriteLine($"| ledger files (365 day files, index, checkpoint) | {bytes / 1024.0 / 1024.0:F1} MiB |");
            Console.WriteLine($"| size per 10,000 answered tickets | {bytes / (answers / 10_000.0) / 1024.0 / 1024.0:F2} MiB |");
            Console.WriteLine($"| hashing every entry's fields once (the reference) | {hashing.Elapsed.TotalSeconds:F2} s |");
            Console.WriteLine($"| command-line verifier (process start to verdict: {command.Verdict}) | {command.Time.TotalSeconds:F1} s |");

            // The same year as the transparency log, in the same run, beside the chain's figures above.
            await TransparencyLogLoadRun.RunAsync(entries, tallies, now, command.Time);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <returns>The ledger files' bytes.</returns>
    private static long Write(string folder, List<LedgerEntry> entries, List<DailyTally> tallies, DateTimeOffset now)
    {
        Directory.CreateDirectory(Path.Combine(folder, "ledger"));
        var days = new List<LedgerDay>();
        long bytes = 0;
        // Each day's answers are appended on their day, so the files are the publisher's, day by day.
        foreach (var day in entries.GroupBy(e => e.Day))
        {
            var file = new LedgerDayFile(day.Key, day.First().Seq);
            foreach (var entry in day)
            {
                file.Add(entry);
            }

            File.WriteAllText(Path.Combine(folder, "ledger", file.Name), file.Text);
            bytes += Encoding.UTF8.GetByteCount(file.Text);
            days.Add(file.Summary);
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var index = new LedgerIndex(1, "Benchmark Hosting", entries.Count, entries[^1].Hash, days);
        var checkpoint = new LedgerCheckpoint(entries.Count, entries[^1].Hash, now.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), null);
        checkpoint = checkpoint with { Signature = Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(checkpoint.SignedText), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)) };
        foreach (var (name, text) in new[]
        {
            ("ledger/index.json", JsonSerializer.Serialize(index, CsatJson.Default.LedgerIndex)),
            ("ledger/checkpoint.json", JsonSerializer.Serialize(checkpoint, CsatJson.Default.LedgerCheckpoint)),
            ("ledger/public-key.pem", key.ExportSubjectPublicKeyInfoPem() + "\n"),
            ("score.json", JsonSerializer.Serialize(ScoreCalculator.Calculate("Benchmark Hosting", tallies, now), CsatJson.Default.ScoreDocument)),
        })
        {
            File.WriteAllText(Path.Combine(folder, name), text);
            bytes += name.StartsWith("ledger/", StringComparison.Ordinal) ? Encoding.UTF8.GetByteCount(text) : 0;
        }

        return bytes;
    }

    private static async Task<(TimeSpan Time, string Verdict)> TimeCommandLineAsync(string folder)
    {
        var tool = Path.Combine(AzuriteProcess.RepositoryRoot(), "tools", "CsatFunctions.Verify", "bin", "Release", "net10.0", "CsatFunctions.Verify.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(tool);
        start.ArgumentList.Add(folder);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (watch.Elapsed, process.ExitCode == 0 ? "holds" : "FAILS: " + output[^Math.Min(300, output.Length)..]);
    }
}
