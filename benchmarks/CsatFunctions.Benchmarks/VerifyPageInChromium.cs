using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using CsatFunctions.Tests.Browser;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Benchmarks;

/// <summary>
/// The log's verify page (verify.html) opened in Chromium on a published log served from loopback as the
/// static website serves it (entry bundles with Content-Encoding: gzip), with a receipts route beside it;
/// what the page exposes on &lt;body&gt; once done (data-audit-ms, data-audit-bytes, data-receipt-ms, …), as
/// <c>browse.mjs verify</c> reports it.
/// </summary>
public static class VerifyPageInChromium
{
    public static bool Installed => File.Exists("/usr/bin/chromium");

    /// <param name="query">Empty for the full audit, <c>?receipt={id}</c> for one receipt.</param>
    /// <returns>The page's verdict (<c>done</c>) and its <c>data</c> figures.</returns>
    public static async Task<JsonNode> BrowseAsync(PublishedLogFiles log, string score, string query)
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

    public static string Ms(JsonNode? value) => $"{double.Parse(value!.GetValue<string>(), CultureInfo.InvariantCulture):F0} ms";

    public static string Mib(JsonNode? value) => $"{long.Parse(value!.GetValue<string>(), CultureInfo.InvariantCulture) / 1024.0 / 1024.0:F1} MiB";
}
