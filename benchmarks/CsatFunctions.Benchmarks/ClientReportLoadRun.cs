using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using CsatFunctions.Scores;
using CsatFunctions.Surveys;

namespace CsatFunctions.Benchmarks;

/// <summary>
/// One client company's report over a year of answers spread across many companies: time and
/// storage calls, JSON and page, for 30 and 365 days, beside the desk's own report of the same
/// period in the same run (its reference: two range queries over the daily counts).
/// </summary>
public static class ClientReportLoadRun
{
    private const string AdminKey = "benchmark-admin-key-0123456789abcdefghij";
    private const int SeedConcurrency = 32;

    public static async Task RunAsync(string connectionString, int surveys, int companies)
    {
        var settings = IntakeLoadRun.Settings(connectionString, "clients" + Guid.NewGuid().ToString("N")[..8], ("Csat:AdminKey", AdminKey));
        await using var app = await RoutesOnlyHost.StartAsync(settings);
        var seeding = Stopwatch.StartNew();
        await SeedAsync(app.Services, surveys, companies);
        seeding.Stop();

        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        string Period(int days) => $"from={today.AddDays(1 - days):yyyy-MM-dd}&to={today:yyyy-MM-dd}";

        Console.WriteLine();
        Console.WriteLine($"## A client's report: {surveys:N0} answered surveys across {companies:N0} companies, resolved over the last 365 days (seeded in {seeding.Elapsed.TotalSeconds:F0} s)");
        Console.WriteLine();
        Console.WriteLine("| request | time (median of 5) | storage calls |");
        Console.WriteLine("| --- | ---: | ---: |");
        foreach (var days in new[] { 30, 365 })
        {
            var reference = await DeskLoadRun.MeasureAsync(http, $"/api/admin/reports?{Period(days)}", 5);
            Console.WriteLine($"| GET /api/admin/reports ({days} days, the reference) | {reference.Median.TotalMilliseconds:F0} ms | {reference.Calls} |");
            http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            var json = await DeskLoadRun.MeasureAsync(http, $"/api/admin/companies/Client%20007/report?{Period(days)}", 5);
            http.DefaultRequestHeaders.Accept.Clear();
            Console.WriteLine($"| GET /api/admin/companies/Client%20007/report ({days} days, JSON) | {json.Median.TotalMilliseconds:F0} ms | {json.Calls} |");
            var page = await DeskLoadRun.MeasureAsync(http, $"/api/admin/companies/Client%20007/report?{Period(days)}", 5);
            Console.WriteLine($"| the same as the desk's page (with its share links) | {page.Median.TotalMilliseconds:F0} ms | {page.Calls} |");
        }

        await app.StopAsync();
    }

    /// <summary>Answered surveys, each of one of the companies, filed under their days as intake and the rating page file them, then one full aggregation.</summary>
    private static async Task SeedAsync(IServiceProvider services, int count, int companies)
    {
        var days = services.GetRequiredService<SurveyDayIndex>();
        var changes = services.GetRequiredService<ScoreChangeLog>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var random = new Random(11);
        string[] agents = ["Ann Lee", "Bob Stone", "Chloé Martin", "Dev Patel", "Eve Cole", "Farid Haddad", "Gus Berg", ""];
        var seeded = Enumerable.Range(0, count).Select(i =>
        {
            var id = SurveysByTicket.KeyOf("clients", i.ToString(CultureInfo.InvariantCulture));
            var resolvedAt = new DateTimeOffset(today.AddDays(-random.Next(365)), new TimeOnly(random.Next(24), random.Next(60)), TimeSpan.Zero);
            var agent = agents[random.Next(agents.Length)];
            return new Survey(id, "zendesk", $"Z-{i}", $"customer{i}@example.org", $"Customer {i}", "Seeded", agent.Length == 0 ? null : agent, "email", resolvedAt, resolvedAt)
            {
                Company = $"Client {random.Next(companies):000}",
                Rating = random.Next(10) switch { < 6 => Rating.Excellent, < 9 => Rating.Satisfactory, _ => Rating.Unsatisfactory },
                RatedAt = resolvedAt.AddHours(random.Next(1, 48)),
                Comment = random.Next(3) == 0 ? "Quick and friendly, thank you." : null,
            };
        }).ToArray();
        await Latencies.MeasureAsync(seeded.Length, SeedConcurrency, i => days.FileAsync(seeded[i], CancellationToken.None));
        foreach (var day in seeded.GroupBy(s => s.ResolvedDay))
        {
            await changes.MarkAsync(day.Key, day.First().Id, CancellationToken.None);
        }

        await services.GetRequiredService<ScoreAggregator>().TryRefreshAsync(CancellationToken.None);
    }
}
