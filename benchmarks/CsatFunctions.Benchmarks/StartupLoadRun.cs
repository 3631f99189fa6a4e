using System.Diagnostics;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Benchmarks;

/// <summary>
/// Cold start of the self-host (Release): from starting the process to its first 200 on
/// <c>/api/score</c>, polled every 50 ms, five times, against storage that already exists; and its
/// memory once idle. Beside it, a .NET console app's start to exit (the ledger verifier printing its
/// usage), measured the same way in the same run. Then the same for the build an operator deploys:
/// <c>dotnet publish</c>, self-contained and trimmed where safe, started as its own executable.
/// </summary>
public static class StartupLoadRun
{
    public static async Task RunAsync(string connectionString, int runs)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["Csat:StoragePrefix"] = "cold" + Guid.NewGuid().ToString("N")[..8],
            ["Csat:LinkSigningKey"] = "YmVuY2htYXJrLWxpbmstc2lnbmluZy1rZXktMzItYnl0ZXMhIQ==",
            ["Csat:WebhookSecret"] = SignedTicket.Secret,
            ["Csat:PublishContainer"] = "off",
            ["SendGrid:ApiKey"] = "SG.benchmark",
            ["SendGrid:BaseUrl"] = "http://127.0.0.1:9/",
        };

        // The first start creates the tables, queues and containers; the measured ones find them.
        await using (await SelfHostProcess.StartAsync(settings, SelfHostProcess.FreePort()))
        {
        }

        var (starts, idle) = await ColdStartsAsync(settings, runs, null);
        var published = Directory.CreateTempSubdirectory("csat-published-");
        var executable = await PublishedSelfHost.PublishAsync(published.FullName, CancellationToken.None);
        var size = new DirectoryInfo(Path.GetDirectoryName(executable)!).EnumerateFiles("*", SearchOption.AllDirectories).Sum(file => file.Length);
        var (publishedStarts, publishedIdle) = await ColdStartsAsync(settings, runs, executable);
        published.Delete(recursive: true);

        var console = new List<TimeSpan>();
        var tool = Path.Combine(AzuriteProcess.RepositoryRoot(), "tools", "CsatFunctions.Verify", "bin", "Release", "net10.0", "CsatFunctions.Verify.dll");
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(new ProcessStartInfo("dotnet", [tool]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            await process.WaitForExitAsync();
            console.Add(watch.Elapsed);

            // Its usage exit: it ran, rather than failed to start.
            if (process.ExitCode != 2)
            {
                throw new InvalidOperationException($"The console app exited with {process.ExitCode}; build tools/CsatFunctions.Verify in Release first.");
            }
        }

        static double Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2).TotalMilliseconds;
        Console.WriteLine();
        Console.WriteLine($"## Cold start of the self-host (median of {runs}, Release)");
        Console.WriteLine();
        Console.WriteLine("| what | median | all runs | RSS once idle |");
        Console.WriteLine("| --- | ---: | --- | ---: |");
        Console.WriteLine($"| process start to the first 200 on /api/score | {Median(starts):F0} ms | {string.Join(", ", starts.Select(t => $"{t.TotalMilliseconds:F0}"))} ms | {idle / 1024.0:F0} MiB |");
        Console.WriteLine($"| the same, published self-contained and trimmed ({size / 1048576.0:F0} MiB), started as its own executable | {Median(publishedStarts):F0} ms | {string.Join(", ", publishedStarts.Select(t => $"{t.TotalMilliseconds:F0}"))} ms | {publishedIdle / 1024.0:F0} MiB |");
        Console.WriteLine($"| a .NET console app, start to exit (the reference) | {Median(console):F0} ms | {string.Join(", ", console.Select(t => $"{t.TotalMilliseconds:F0}"))} ms | |");
    }

    private static async Task<(List<TimeSpan> Starts, long IdleRss)> ColdStartsAsync(Dictionary<string, string?> settings, int runs, string? executable)
    {
        var starts = new List<TimeSpan>();
        long idle = 0;
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await using var host = await SelfHostProcess.StartAsync(settings, SelfHostProcess.FreePort(), executable);
            starts.Add(watch.Elapsed);
            await Task.Delay(1000);
            idle = PipelineLoadRun.Memory(host.ProcessId, "VmRSS");
        }

        return (starts, idle);
    }
}
