using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CsatFunctions.Campaigns;
using CsatFunctions.Storage;

namespace CsatFunctions.Benchmarks;

/// <summary>
/// A campaign of 50,000 customers: the import through its route (time, and the most live managed
/// memory held while it runs, sampled with a full collection every 100 ms; the body is generated as it
/// is sent, so neither side holds it whole), beside the same 500 transactions of 100 written directly;
/// then what one drip costs: a run that asks, a run whose day is used up, and the worst case of a
/// run's search for due customers (a full read of the campaign's keys), beside one storage round trip.
/// </summary>
public static class CampaignLoadRun
{
    private const string AdminKey = "benchmark-admin-key-0123456789abcdefghij";

    public static async Task RunAsync(string connectionString, int customers)
    {
        var settings = IntakeLoadRun.Settings(connectionString, "camp" + Guid.NewGuid().ToString("N")[..8], ("Csat:AdminKey", AdminKey));
        await using var app = await RoutesOnlyHost.StartAsync(settings);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        foreach (var (name, perDay) in new[] { ("bench", 100_000), ("capped", 1) })
        {
            using var defined = await http.PutAsync($"/api/admin/campaigns/{name}", new StringContent($$"""{"everyDays": 90, "perDay": {{perDay}}, "sendDays": "Sun-Sat", "sendHours": "00-24", "timeZone": "UTC"}""", Encoding.UTF8, "application/json"));
            defined.EnsureSuccessStatusCode();
        }

        // The import, and the most live memory while it runs.
        await using var heap = new LiveHeapPeak(TimeSpan.FromMilliseconds(100));
        var watch = Stopwatch.StartNew();
        using var imported = await http.PutAsync("/api/admin/campaigns/bench/customers", new CsvLines(customers));
        var importTime = watch.Elapsed;
        var held = await heap.StopAsync();
        var answer = await imported.Content.ReadAsStringAsync();
        if (imported.StatusCode != HttpStatusCode.OK || !answer.Contains($"\"imported\":{customers}", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The import answered {(int)imported.StatusCode}: {answer[..Math.Min(answer.Length, 300)]}");
        }

        // The same rows written directly, 100 to a transaction, as the reference.
        var table = app.Services.GetRequiredService<CampaignCustomers>();
        watch.Restart();
        foreach (var batch in Enumerable.Range(0, customers).Chunk(CampaignCustomers.BatchSize))
        {
            await table.UpsertAsync("direct", [.. batch.Select(i => new CampaignCustomer($"customer{i}@example.org", $"Customer {i}", "nl"))], CancellationToken.None);
        }

        var directTime = watch.Elapsed;

        // What one drip costs.
        using (var one = await http.PutAsync("/api/admin/campaigns/capped/customers", new CsvLines(10)))
        {
            one.EnsureSuccessStatusCode();
        }

        var asking = await TimeAsync(() => http.PostAsync("/api/admin/campaigns/bench/run", null));
        await TimeAsync(() => http.PostAsync("/api/admin/campaigns/capped/run", null));
        var usedUp = await TimeAsync(() => http.PostAsync("/api/admin/campaigns/capped/run", null));
        watch.Restart();
        var counted = await table.CountAsync("bench", CancellationToken.None);
        var fullScan = watch.Elapsed;
        var trip = await TableRoundTrip.MedianAsync(app.Services.GetRequiredService<CsatStorage>());
        Console.WriteLine();
        Console.WriteLine($"## A relationship campaign of {customers:N0} customers");
        Console.WriteLine();
        Console.WriteLine("| what | time | |");
        Console.WriteLine("| --- | ---: | --- |");
        Console.WriteLine($"| PUT …/customers, {customers:N0} CSV lines ({CsvLines.Bytes(customers) / 1024.0 / 1024.0:F1} MiB) | {importTime.TotalSeconds:F1} s | most live managed memory above the start: {held / 1024.0 / 1024.0:F1} MiB |");
        Console.WriteLine($"| the same rows written directly, {customers / CampaignCustomers.BatchSize:N0} transactions of {CampaignCustomers.BatchSize} | {directTime.TotalSeconds:F1} s | |");
        Console.WriteLine($"| POST …/run that asks ({asking.Asked} customers) | {asking.Time.TotalMilliseconds:F0} ms | {asking.Time.TotalMilliseconds / Math.Max(1, asking.Asked):F1} ms a customer |");
        Console.WriteLine($"| POST …/run when the day's cap is used up | {usedUp.Time.TotalMilliseconds:F1} ms | |");
        Console.WriteLine($"| the worst search for due customers: every key of {counted:N0} | {fullScan.TotalMilliseconds:F0} ms | |");
        Console.WriteLine($"| one storage round trip (a table upsert, median of 50) | {trip.TotalMilliseconds:F1} ms | |");
        await app.StopAsync();
    }

    private static async Task<(TimeSpan Time, int Asked)> TimeAsync(Func<Task<HttpResponseMessage>> run)
    {
        var watch = Stopwatch.StartNew();
        using var response = await run();
        var time = watch.Elapsed;
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStringAsync();
        return (time, int.Parse(body.Split("\"asked\":")[1].TrimEnd('}'), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A CSV body written as it is sent, so the client never holds it whole either.</summary>
    private sealed class CsvLines(int count) : HttpContent
    {
        public static long Bytes(int count) => Encoding.UTF8.GetByteCount(Header) + Enumerable.Range(0, count).Sum(i => (long)Encoding.UTF8.GetByteCount(Line(i)));

        private const string Header = "email,name,locale\n";

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
            await writer.WriteAsync(Header);
            for (var i = 0; i < count; i++)
            {
                await writer.WriteAsync(Line(i));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        private static string Line(int i) => $"customer{i}@example.org,\"Customer {i}, Example Ltd\",nl\n";
    }
}
