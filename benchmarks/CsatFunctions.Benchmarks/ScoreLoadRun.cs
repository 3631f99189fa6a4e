using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using CsatFunctions.Scores;
using CsatFunctions.SelfHost;
using CsatFunctions.Surveys;

namespace CsatFunctions.Benchmarks;

/// <summary>
/// The public score under load: wrk against the self-host's <c>GET /api/score</c> and badge, and
/// against nginx serving the very same bytes with the same headers from files, in the same run, on
/// the same machine, with the same wrk settings. Needs wrk and nginx (Debian: wrk, nginx-light).
/// </summary>
public static partial class ScoreLoadRun
{
    private const int Connections = 32;
    private const int Threads = 2;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(string connectionString)
    {
        foreach (var tool in new[] { "wrk", "nginx" })
        {
            if (Which(tool) is null)
            {
                Console.WriteLine($"\n## Public score: skipped, {tool} is not installed (apt-get install wrk nginx-light)");
                return;
            }
        }

        await using var app = SelfHostApp.Build(["--urls", "http://127.0.0.1:0", "--environment", "Production"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = connectionString,
                ["Csat:StoragePrefix"] = "score" + Guid.NewGuid().ToString("N")[..8],
                ["Csat:LinkSigningKey"] = "YmVuY2htYXJrLWxpbmstc2lnbmluZy1rZXktMzItYnl0ZXMhIQ==",
                ["SendGrid:ApiKey"] = "SG.unused",
            });
            builder.Logging.ClearProviders();
        });
        await app.StartAsync();
        await SeedAsync(app.Services);

        var site = new Uri(app.Urls.First());
        using var http = new HttpClient { BaseAddress = site };
        var paths = new[] { "/api/score", "/api/score/badge.svg" };
        var directory = Directory.CreateTempSubdirectory("csat-nginx-");
        var nginxPort = FreePort();
        var locations = new List<string>();
        foreach (var path in paths)
        {
            using var response = await http.GetAsync(path);
            var file = Path.Combine(directory.FullName, Path.GetFileName(path) + ".body");
            await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
            var headers = response.Headers.Concat(response.Content.Headers).Where(h => h.Key is not ("Content-Type" or "Content-Length" or "Date" or "Server"))
                .Select(h => $"add_header {h.Key} '{string.Join(", ", h.Value)}' always;");
            locations.Add($$"""
                location = {{path}} {
                    default_type "{{response.Content.Headers.ContentType}}";
                    etag off;
                    {{string.Join("\n        ", headers)}}
                    alias {{file}};
                }
                """);
        }

        var config = Path.Combine(directory.FullName, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            worker_processes auto;
            daemon off;
            pid {{directory.FullName}}/nginx.pid;
            error_log stderr error;
            events { worker_connections 4096; }
            http {
                access_log off;
                types { }
                server_tokens off;
                client_body_temp_path {{directory.FullName}};
                server {
                    listen 127.0.0.1:{{nginxPort}};
                    {{string.Join("\n", locations)}}
                }
            }
            """);
        using var nginx = Process.Start(new ProcessStartInfo("nginx", ["-c", config, "-p", directory.FullName]) { RedirectStandardError = true })!;
        await Task.Delay(500);

        Console.WriteLine();
        Console.WriteLine($"## Public score: wrk -t{Threads} -c{Connections} -d{Duration.TotalSeconds:0}s, self-host beside nginx serving the same bytes and headers");
        Console.WriteLine();
        Console.WriteLine("| path | bytes | self-host req/s | p50 / p99 | nginx req/s | p50 / p99 | self-host / nginx |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var path in paths)
        {
            var ours = await WrkAsync(new Uri(site, path));
            var theirs = await WrkAsync(new Uri($"http://127.0.0.1:{nginxPort}{path}"));
            var bytes = new FileInfo(Path.Combine(directory.FullName, Path.GetFileName(path) + ".body")).Length;
            Console.WriteLine($"| {path} | {bytes:N0} | {ours.PerSecond:F0} | {ours.P50} / {ours.P99} | {theirs.PerSecond:F0} | {theirs.P50} / {theirs.P99} | {ours.PerSecond / theirs.PerSecond:F2} |");
        }

        nginx.Kill();
        await nginx.WaitForExitAsync();
        directory.Delete(recursive: true);
        await app.StopAsync();
    }

    /// <summary>A year of rated surveys over three touchpoints, aggregated: a document of about the size a company publishes.</summary>
    private static async Task SeedAsync(IServiceProvider services)
    {
        var days = services.GetRequiredService<SurveyDayIndex>();
        var changes = services.GetRequiredService<ScoreChangeLog>();
        var now = DateTimeOffset.UtcNow;
        var random = new Random(3);
        string[] touchpoints = ["support", "onboarding", "maintenance"];
        await Latencies.MeasureAsync(600, 16, async i =>
        {
            var resolvedAt = now.AddDays(-random.Next(365));
            var id = SurveysByTicket.KeyOf("score", i.ToString(CultureInfo.InvariantCulture));
            var survey = new Survey(id, "score", id, "c@example.org", null, null, null, null, resolvedAt, resolvedAt)
            {
                Touchpoint = touchpoints[i % 3],
                Rating = i % 7 == 0 ? Rating.Unsatisfactory : Rating.Excellent,
                RatedAt = resolvedAt,
            };
            await days.FileAsync(survey, CancellationToken.None);
            await changes.MarkAsync(survey.ResolvedDay, id, CancellationToken.None);
        });
        await services.GetRequiredService<ScoreAggregator>().TryRefreshAsync(CancellationToken.None);
    }

    private sealed record WrkResult(double PerSecond, string P50, string P99);

    private static async Task<WrkResult> WrkAsync(Uri url)
    {
        // A short warm-up, then the measured run.
        await RunWrkAsync(url, TimeSpan.FromSeconds(2));
        var output = await RunWrkAsync(url, Duration);
        return new WrkResult(
            double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            Percentile(output, "50%"),
            Percentile(output, "99%"));
    }

    private static async Task<string> RunWrkAsync(Uri url, TimeSpan duration)
    {
        using var wrk = Process.Start(new ProcessStartInfo("wrk", ["-t" + Threads, "-c" + Connections, $"-d{duration.TotalSeconds:0}s", "--latency", url.AbsoluteUri]) { RedirectStandardOutput = true })!;
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        return output;
    }

    private static string Percentile(string output, string percentile) =>
        Regex.Match(output, $@"^\s*{Regex.Escape(percentile)}\s+(\S+)", RegexOptions.Multiline).Groups[1].Value;

    private static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, tool)).Concat([$"/usr/sbin/{tool}"]).FirstOrDefault(File.Exists);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();
}
