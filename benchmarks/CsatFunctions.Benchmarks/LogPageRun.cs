using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Tests.Browser;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Benchmarks;

/// <summary>
/// The verify page in Chromium against a published transparency log: one receipt checked at 10^4, 10^5
/// and 10^6 entries (the proof's bytes, the tiles fetched, the time from the receipt's request to its
/// verdict, and the verifying alone once the answer arrived), and the full audit of a year of 100,000 answered tickets (bytes downloaded, gzip and
/// unzipped, and time from the first entry bundle to the windows counted again).
/// </summary>
public static class LogPageRun
{
    public static async Task RunAsync()
    {
        if (!File.Exists("/usr/bin/chromium"))
        {
            Console.WriteLine("The verify page: skipped, Chromium is not installed.");
            return;
        }

        Console.WriteLine();
        Console.WriteLine("## The verify page on the transparency log (Chromium)");
        Console.WriteLine();
        Console.WriteLine("| what | entries | proof bytes (receipt answer) | tiles fetched | bytes fetched (gzip / unzipped) | time (verifying alone) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        var (leaves, score) = PublishedLogFiles.Synthesize(550_000, days: 365);
        foreach (var size in new[] { 10_000, 100_000, 1_000_000 })
        {
            var log = PublishedLogFiles.Of(leaves, size);
            var id = leaves[size / 2].Id;
            var seen = await BrowseAsync(log, score, $"?receipt={id}");
            Console.WriteLine($"| one receipt ({seen["done"]}) | {size:N0} | {Encoding.UTF8.GetByteCount(log.Receipt(id)!):N0} | {seen["data"]!["tiles"]} | – | {Ms(seen["data"]!["receiptMs"])} ({Ms(seen["data"]!["receiptVerifyMs"])}) |");
        }

        var (year, yearScore) = PublishedLogFiles.Synthesize(100_000, days: 365);
        var audited = await BrowseAsync(PublishedLogFiles.Of(year), yearScore, "");
        var data = audited["data"]!;
        Console.WriteLine($"| full audit, a year of 100,000 tickets ({audited["done"]}) | {year.Count:N0} | – | – | {Mib(data["auditBytes"])} / {Mib(data["auditDecodedBytes"])} | {Ms(data["auditMs"])} |");
    }

    private static string Ms(JsonNode? value) => $"{double.Parse(value!.GetValue<string>(), CultureInfo.InvariantCulture):F0} ms";

    private static string Mib(JsonNode? value) => $"{long.Parse(value!.GetValue<string>(), CultureInfo.InvariantCulture) / 1024.0 / 1024.0:F1} MiB";

    private static async Task<JsonNode> BrowseAsync(PublishedLogFiles log, string score, string query)
    {
        await using var api = await LocalSite.StartAsync(app => app.MapGet("/api/log/receipts/{id}", (string id, HttpResponse response) =>
        {
            response.Headers.AccessControlAllowOrigin = "*";
            return log.Receipt(id) is { } answer ? Results.Text(answer, "application/json") : Results.NotFound();
        }));
        var files = log.Files(score, new Uri(api.Urls.First() + "/api/log/receipts/"));
        await using var site = await LocalSite.StartAsync(app => app.MapGet("/{**path}", (string path, HttpResponse response) =>
        {
            if (!files.TryGetValue(path, out var file))
            {
                return Results.NotFound();
            }

            if (file.Gzip)
            {
                response.Headers.ContentEncoding = "gzip";
            }

            return Results.Bytes(file.Body, file.Type);
        }));
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AzuriteProcess.RepositoryRoot(), "tests", "CsatFunctions.Tests", "Browser", "browse.mjs"));
        start.ArgumentList.Add("verify");
        start.ArgumentList.Add(site.Urls.First() + "/verify.html" + query);
        using var process = Process.Start(start)!;
        var seen = JsonNode.Parse(await process.StandardOutput.ReadToEndAsync())!;
        await process.WaitForExitAsync();
        return seen;
    }
}
