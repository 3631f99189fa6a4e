using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Benchmarks;

/// <summary>
/// What OpenTelemetry costs: the self-host as its own process (Release, the queue listener mailing a
/// SendGrid stub, as in production) taking signed tickets, with exporting off and on, alternated twice
/// in the same run. "On" exports every span and metric over OTLP (http/protobuf) to a local receiver
/// that counts the bytes. Also the process's memory: once idle, and at its peak under the load.
/// Each run has an Azurite of its own: one in memory slows as it fills, which would favour the first.
/// </summary>
public static class TelemetryLoadRun
{
    public static async Task RunAsync(int requests, int concurrency)
    {
        var exported = new Dictionary<string, long>();
        await using var receiver = await LocalSite.StartAsync(app => app.MapPost("/v1/{signal}", async (string signal, HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            lock (exported)
            {
                exported[signal] = exported.GetValueOrDefault(signal) + body.Length;
            }

            // An empty ExportServiceResponse: everything accepted.
            return Results.Bytes([], "application/x-protobuf");
        }));
        await using var sendGrid = await SendGridStub.StartAsync();

        var rows = new List<string>();
        foreach (var round in new[] { 1, 2 })
        {
            foreach (var exporting in new[] { false, true })
            {
                await using var azurite = await AzuriteProcess.StartAsync();
                var settings = new Dictionary<string, string?>
                {
                    ["AzureWebJobsStorage"] = azurite.ConnectionString,
                    ["Csat:StoragePrefix"] = "otel" + Guid.NewGuid().ToString("N")[..8],
                    ["Csat:LinkSigningKey"] = "YmVuY2htYXJrLWxpbmstc2lnbmluZy1rZXktMzItYnl0ZXMhIQ==",
                    ["Csat:WebhookSecret"] = SignedTicket.Secret,
                    ["Csat:PublishContainer"] = "off",
                    ["Csat:WebhookRequestsPerMinute"] = "0",
                    ["SendGrid:ApiKey"] = "SG.benchmark",
                    ["SendGrid:BaseUrl"] = sendGrid.BaseUrl.AbsoluteUri,
                };
                if (exporting)
                {
                    settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Urls.First();
                    settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";

                    // Every 5 s rather than the default minute, so the run includes metric exports.
                    settings["OTEL_METRIC_EXPORT_INTERVAL"] = "5000";
                }

                await using var host = await SelfHostProcess.StartAsync(settings, SelfHostProcess.FreePort());
                await Task.Delay(1000);
                var idle = PipelineLoadRun.Memory(host.ProcessId, "VmRSS");

                using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = host.BaseUrl };
                var run = Guid.NewGuid().ToString("N")[..6];
                await Latencies.MeasureAsync(300, concurrency, i => IntakeStorageCalls.SendTicketAsync(http, run, requests + i));

                long peak = 0;
                using var sampling = new CancellationTokenSource();
                var sampler = Task.Run(async () =>
                {
                    while (!sampling.IsCancellationRequested)
                    {
                        peak = Math.Max(peak, PipelineLoadRun.Memory(host.ProcessId, "VmRSS"));
                        await Task.Delay(50);
                    }
                });
                var cpuBefore = CpuTime(host.ProcessId);
                var load = await Latencies.MeasureAsync(requests, concurrency, i => IntakeStorageCalls.SendTicketAsync(http, run, i));
                var cpu = CpuTime(host.ProcessId) - cpuBefore;
                await sampling.CancelAsync();
                await sampler;
                rows.Add($"| {round} | {(exporting ? "on (OTLP)" : "off")} | {load.PerSecond:F0}/s | {load.P50.TotalMilliseconds:F1} ms | {load.P99.TotalMilliseconds:F1} ms | {cpu.TotalMilliseconds / requests:F2} ms | {idle / 1024.0:F0} MiB | {peak / 1024.0:F0} MiB |");
            }
        }

        Console.WriteLine();
        Console.WriteLine($"## OpenTelemetry's cost: {requests:N0} signed tickets, {concurrency} concurrent, into the self-host process with exporting off and on");
        Console.WriteLine();
        Console.WriteLine("| round | exporting | throughput | p50 | p99 | self-host CPU per ticket | RSS once idle | peak RSS under the load |");
        Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        rows.ForEach(Console.WriteLine);
        Console.WriteLine();
        lock (exported)
        {
            Console.WriteLine($"The receiver took {string.Join(", ", exported.OrderBy(e => e.Key).Select(e => $"{e.Value / 1024.0:F0} KiB of {e.Key}"))}.");
        }
    }

    /// <summary>The process's user and system CPU time, from /proc (in clock ticks of 10 ms).</summary>
    private static TimeSpan CpuTime(int processId)
    {
        var fields = File.ReadAllText($"/proc/{processId}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }
}
