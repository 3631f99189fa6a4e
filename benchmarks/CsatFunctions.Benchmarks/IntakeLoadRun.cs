using CsatFunctions.Settings;

namespace CsatFunctions.Benchmarks;

/// <summary>
/// Signed webhooks through Kestrel into the intake step, against the same storage calls made
/// directly (read the customer's record, insert survey, file it under its day, mark the day, enqueue). The queue listener and
/// timer are not running, so the figure is intake's own.
/// </summary>
public static class IntakeLoadRun
{
    private const string LinkKey = "YmVuY2htYXJrLWxpbmstc2lnbmluZy1rZXktMzItYnl0ZXMhIQ==";

    public static async Task RunAsync(string connectionString, int requests, int concurrency)
    {
        var settings = Settings(connectionString, "bench" + Guid.NewGuid().ToString("N")[..8]);
        await using var app = await RoutesOnlyHost.StartAsync(settings);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(app.Urls.First()) };
        var run = Guid.NewGuid().ToString("N")[..6];
        Task Send(int i) => IntakeStorageCalls.SendTicketAsync(http, run, i);
        var calls = await IntakeStorageCalls.CreateAsync(connectionString, "raw" + Guid.NewGuid().ToString("N")[..8], run);
        Task Raw(int i) => calls.SequentialAsync(i);
        Task Staged(int i) => calls.StagedAsync(i);
        Task RoundTrip(int i) => calls.RoundTripAsync(i);

        const int warmUp = 300;
        await Latencies.MeasureAsync(warmUp, concurrency, i => Send(requests + i));
        await Latencies.MeasureAsync(warmUp, concurrency, i => Raw(requests + i));
        await Latencies.MeasureAsync(warmUp, concurrency, i => RoundTrip(requests + i));

        // Alternate, so neither side always runs on a fuller Azurite.
        var intake = await Latencies.MeasureAsync(requests, concurrency, Send);
        var raw = await Latencies.MeasureAsync(requests, concurrency, Raw);
        var trip = await Latencies.MeasureAsync(requests, concurrency, RoundTrip);

        // Under load both wait in Azurite's queue, so latency says little about round trips; one at a time, it does.
        const int alone = 500;
        var intakeAlone = await Latencies.MeasureAsync(alone, 1, i => Send(2 * requests + i));
        var stagedAlone = await Latencies.MeasureAsync(alone, 1, i => Staged(2 * requests + i));
        var tripAlone = await Latencies.MeasureAsync(alone, 1, i => RoundTrip(2 * requests + i));

        // What HTTP itself costs on this machine: the same client and Kestrel answering from memory.
        var httpAlone = await Latencies.MeasureAsync(alone, 1, async _ => { using var response = await http.GetAsync("/api/score/widget.js"); });

        Console.WriteLine();
        Console.WriteLine($"## Webhook intake: {requests:N0} signed tickets, {concurrency} concurrent, each stored (9 storage calls in three stages) before its 202");
        Console.WriteLine();
        Console.WriteLine("| path | throughput | p50 | p99 |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        Console.WriteLine($"| POST /api/tickets/resolved (Kestrel, signature, JSON, storage) | {intake.PerSecond:F0}/s | {intake.P50.TotalMilliseconds:F1} ms | {intake.P99.TotalMilliseconds:F1} ms |");
        Console.WriteLine($"| intake's first 7 storage calls (of 9) made directly, one after another | {raw.PerSecond:F0}/s | {raw.P50.TotalMilliseconds:F1} ms | {raw.P99.TotalMilliseconds:F1} ms |");
        Console.WriteLine($"| one storage round trip (a table upsert) | {trip.PerSecond:F0}/s | {trip.P50.TotalMilliseconds:F1} ms | {trip.P99.TotalMilliseconds:F1} ms |");
        Console.WriteLine($"| POST /api/tickets/resolved, one at a time ({alone}) | {intakeAlone.PerSecond:F0}/s | {intakeAlone.P50.TotalMilliseconds:F1} ms | {intakeAlone.P99.TotalMilliseconds:F1} ms |");
        Console.WriteLine($"| intake's first 7 storage calls in its three stages, made directly, one at a time ({alone}) | {stagedAlone.PerSecond:F0}/s | {stagedAlone.P50.TotalMilliseconds:F1} ms | {stagedAlone.P99.TotalMilliseconds:F1} ms |");
        Console.WriteLine($"| a GET answered from memory through the same client and Kestrel, one at a time ({alone}) | {httpAlone.PerSecond:F0}/s | {httpAlone.P50.TotalMilliseconds:F1} ms | {httpAlone.P99.TotalMilliseconds:F1} ms |");
        Console.WriteLine($"| one storage round trip, one at a time ({alone}) | {tripAlone.PerSecond:F0}/s | {tripAlone.P50.TotalMilliseconds:F1} ms | {tripAlone.P99.TotalMilliseconds:F1} ms |");
        Console.WriteLine();
        Console.WriteLine($"Intake runs at {intake.PerSecond / raw.PerSecond:P0} of the sequential storage rate. One at a time, its p50 is {intakeAlone.P50 / tripAlone.P50:F1} round trips and its p99 {intakeAlone.P99 / tripAlone.P99:F1}; under load (both waiting in Azurite's queue) {intake.P50 / trip.P50:F1} and {intake.P99 / trip.P99:F1}.");
        await app.StopAsync();
    }

    /// <summary>
    /// Intake one request at a time with every storage call crossing a network (<paramref name="eachWay"/>
    /// each way), beside one round trip and its first seven calls in sequence over the same network: what the
    /// number of sequential stages costs against a real storage account, where round trips are
    /// milliseconds and independent calls are served in parallel.
    /// </summary>
    public static async Task RunOverNetworkAsync(string connectionString, (int Blob, int Queue, int Table) ports, TimeSpan eachWay, int requests)
    {
        var (relayed, relays) = NetworkDelay.InFrontOf(connectionString, ports, eachWay);
        await using var _ = relays;
        await using var app = await RoutesOnlyHost.StartAsync(Settings(relayed, "net" + Guid.NewGuid().ToString("N")[..8]));
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var run = Guid.NewGuid().ToString("N")[..6];
        Task Send(int i) => IntakeStorageCalls.SendTicketAsync(http, run, i);
        var calls = await IntakeStorageCalls.CreateAsync(relayed, "netraw" + Guid.NewGuid().ToString("N")[..8], run);
        Task Sequential(int i) => calls.SequentialAsync(i);
        Task RoundTrip(int i) => calls.RoundTripAsync(i);

        const int warmUp = 30;
        await Latencies.MeasureAsync(warmUp, 1, i => Send(requests + i));
        await Latencies.MeasureAsync(warmUp, 1, i => Sequential(requests + i));
        await Latencies.MeasureAsync(warmUp, 1, i => RoundTrip(requests + i));
        var intake = await Latencies.MeasureAsync(requests, 1, Send);
        var sequential = await Latencies.MeasureAsync(requests, 1, Sequential);
        var trip = await Latencies.MeasureAsync(requests, 1, RoundTrip);

        Console.WriteLine();
        Console.WriteLine($"## Webhook intake over a network: {eachWay.TotalMilliseconds:0.#} ms each way to storage, {requests} tickets one at a time");
        Console.WriteLine();
        Console.WriteLine("| path | p50 | p99 | p50 in round trips |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        Console.WriteLine($"| POST /api/tickets/resolved (three storage stages) | {intake.P50.TotalMilliseconds:F1} ms | {intake.P99.TotalMilliseconds:F1} ms | {intake.P50 / trip.P50:F1} |");
        Console.WriteLine($"| intake's first 7 storage calls (of 9) made directly, one after another | {sequential.P50.TotalMilliseconds:F1} ms | {sequential.P99.TotalMilliseconds:F1} ms | {sequential.P50 / trip.P50:F1} |");
        Console.WriteLine($"| one storage round trip (a table upsert) | {trip.P50.TotalMilliseconds:F1} ms | {trip.P99.TotalMilliseconds:F1} ms | 1.0 |");
        await app.StopAsync();
    }

    public static CsatSettings Settings(string connectionString, string prefix, params (string Key, string Value)[] more) =>
        CsatSettings.Read(
            new ConfigurationBuilder().AddInMemoryCollection(more.Select(m => KeyValuePair.Create(m.Key, (string?)m.Value))).AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = connectionString,
                ["Csat:StoragePrefix"] = prefix,
                ["Csat:WebhookSecret"] = SignedTicket.Secret,
                ["Csat:LinkSigningKey"] = LinkKey,
                ["SendGrid:ApiKey"] = "SG.unused",

                // The load comes from one client; this measures throughput, not the per-client limit.
                ["Csat:WebhookRequestsPerMinute"] = "0",
            }).Build());
}
