using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Http.Headers;
using CsatFunctions.Scores;
using CsatFunctions.Surveys;

namespace CsatFunctions.Benchmarks;

/// <summary>
/// The desk over a large history: the report for 30 and 365 days (time, and the storage calls it
/// makes, counted from .NET's own HTTP client metrics), and the CSV export of a month and of a year of
/// answers (time, and the most live managed memory it holds while it streams, sampled with a full
/// collection every 250 ms, so garbage waiting for a collection does not count as held).
/// </summary>
public static class DeskLoadRun
{
    private const string AdminKey = "benchmark-admin-key-0123456789abcdefghij";
    private const int SeedConcurrency = 32;

    public static async Task RunAsync(string connectionString, int surveys)
    {
        var settings = IntakeLoadRun.Settings(connectionString, "desk" + Guid.NewGuid().ToString("N")[..8], ("Csat:AdminKey", AdminKey));
        await using var app = await RoutesOnlyHost.StartAsync(settings);
        var seeding = Stopwatch.StartNew();
        await SeedAsync(app.Services, surveys);
        seeding.Stop();

        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        string Period(int days) => $"from={today.AddDays(1 - days):yyyy-MM-dd}&to={today:yyyy-MM-dd}";

        Console.WriteLine();
        Console.WriteLine($"## The desk over {surveys:N0} stored surveys, every one answered, resolved over the last 365 days (seeded in {seeding.Elapsed.TotalSeconds:F0} s)");
        Console.WriteLine();
        Console.WriteLine("| request | rows | time (median of 5) | storage calls | most live memory held while answering |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (days, name) in new[] { (30, "report, 30 days"), (365, "report, 365 days") })
        {
            var run = await MeasureAsync(http, $"/api/admin/reports?{Period(days)}", 5);
            Console.WriteLine($"| GET /api/admin/reports ({name}) | | {run.Median.TotalMilliseconds:F0} ms | {run.Calls} | {run.HeapGrowth / 1024 / 1024.0:F1} MiB |");
        }

        foreach (var days in new[] { 30, 365 })
        {
            var run = await MeasureAsync(http, $"/api/admin/ratings.csv?{Period(days)}", 1);
            Console.WriteLine($"| GET /api/admin/ratings.csv ({days} days) | {run.Lines - 1:N0} | {run.Median.TotalSeconds:F1} s | {run.Calls} | {run.HeapGrowth / 1024 / 1024.0:F1} MiB |");
        }

        await app.StopAsync();
    }

    /// <summary>Answered surveys filed under their days as intake and the rating page file them, then one full aggregation.</summary>
    private static async Task SeedAsync(IServiceProvider services, int count)
    {
        var days = services.GetRequiredService<SurveyDayIndex>();
        var changes = services.GetRequiredService<ScoreChangeLog>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var random = new Random(7);
        string[] agents = ["Ann", "Bob", "Chloé", "Dev", "Eve", "Farid", "Gus", ""];
        string[] channels = ["email", "phone", "chat", "portal"];
        var seeded = Enumerable.Range(0, count).Select(i =>
        {
            var id = SurveysByTicket.KeyOf("desk", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var resolvedAt = new DateTimeOffset(today.AddDays(-random.Next(365)), new TimeOnly(random.Next(24), random.Next(60)), TimeSpan.Zero);
            var agent = agents[random.Next(agents.Length)];
            return new Survey(id, "zendesk", $"Z-{i}", $"customer{i}@example.org", $"Customer {i}", "Seeded", agent.Length == 0 ? null : agent, channels[random.Next(channels.Length)], resolvedAt, resolvedAt)
            {
                Rating = random.Next(10) switch { < 6 => Rating.Excellent, < 9 => Rating.Satisfactory, _ => Rating.Unsatisfactory },
                RatedAt = resolvedAt.AddHours(random.Next(1, 48)),
                Comment = random.Next(3) == 0 ? "Quick and friendly, thank you — fixed on the first call, \"as promised\"." : null,
            };
        }).ToArray();
        await Latencies.MeasureAsync(seeded.Length, SeedConcurrency, i => days.FileAsync(seeded[i], CancellationToken.None));
        foreach (var day in seeded.GroupBy(s => s.ResolvedDay))
        {
            await changes.MarkAsync(day.Key, day.First().Id, CancellationToken.None);
        }

        await services.GetRequiredService<ScoreAggregator>().TryRefreshAsync(CancellationToken.None);
    }

    internal sealed record Run(TimeSpan Median, long Calls, long HeapGrowth, int Lines);

    /// <summary>Times a GET, counting the storage requests made meanwhile and sampling the managed heap.</summary>
    internal static async Task<Run> MeasureAsync(HttpClient http, string path, int repeats)
    {
        var times = new List<TimeSpan>();
        long calls = 0;
        long growth = 0;
        var lines = 0;
        for (var i = 0; i < repeats; i++)
        {
            await using var heap = new LiveHeapPeak(TimeSpan.FromMilliseconds(250));
            var counted = 0L;
            using var listener = StorageRequests(() => Interlocked.Increment(ref counted));
            var watch = Stopwatch.StartNew();

            // Read as a client would, a buffer at a time, so the client keeps no copy of the body.
            using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync();
            using var reader = new StreamReader(body);
            lines = 0;
            while (await reader.ReadLineAsync() is not null)
            {
                lines++;
            }

            times.Add(watch.Elapsed);
            var held = await heap.StopAsync();
            calls = Interlocked.Read(ref counted) - 1; // the request itself
            growth = Math.Max(growth, held);
        }

        return new Run(times.Order().ElementAt(times.Count / 2), calls, growth, lines);
    }

    /// <summary>Counts HTTP requests completed in this process (.NET's own <c>http.client.request.duration</c>).</summary>
    private static MeterListener StorageRequests(Action counted)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.request.duration")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => counted());
        listener.Start();
        return listener;
    }
}
