using System.Diagnostics;
using CsatFunctions.Scores;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;

namespace CsatFunctions.Benchmarks;

/// <summary>
/// How long a refresh takes after new ratings land on top of an already aggregated history: the
/// realistic case, where ratings arrive for tickets resolved in the last two weeks.
/// </summary>
public static class AggregatorLoadRun
{
    private const int SeedConcurrency = 32;

    public static async Task RunAsync(string connectionString, int history, int newRatings, int rounds)
    {
        var settings = IntakeLoadRun.Settings(connectionString, "agg" + Guid.NewGuid().ToString("N")[..8]);
        await using var services = new ServiceCollection().AddLogging().AddCsatPipeline(settings).BuildServiceProvider();
        foreach (var resource in services.GetServices<IProvisioned>())
        {
            await resource.CreateIfNotExistsAsync(CancellationToken.None);
        }

        var surveys = services.GetRequiredService<SurveyTable>();
        var days = services.GetRequiredService<SurveyDayIndex>();
        var changes = services.GetRequiredService<ScoreChangeLog>();
        var aggregator = services.GetRequiredService<ScoreAggregator>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var random = new Random(42);

        // History: a year of surveys, three in five rated, filed under their days as intake and ratings file them.
        var seeded = Enumerable.Range(0, history)
            .Select(i => (Id: SurveysByTicket.KeyOf("seed", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), Day: today.AddDays(-random.Next(365)), Rating: RandomRating(random)))
            .ToArray();
        var seeding = Stopwatch.StartNew();
        await Latencies.MeasureAsync(seeded.Length, SeedConcurrency, async i =>
        {
            var (id, day, rating) = seeded[i];
            var resolvedAt = new DateTimeOffset(day, TimeOnly.MinValue, TimeSpan.Zero);
            var survey = new Survey(id, "seed", id, "customer@example.org", null, null, null, null, resolvedAt, resolvedAt);
            await days.FileAsync(rating is { } given ? survey with { Rating = given, RatedAt = DateTimeOffset.UtcNow } : survey, CancellationToken.None);
        });
        foreach (var day in seeded.Select(s => s.Day).Distinct())
        {
            await changes.MarkAsync(day, seeded.First(s => s.Day == day).Id, CancellationToken.None);
        }

        var full = Stopwatch.StartNew();
        await aggregator.TryRefreshAsync(CancellationToken.None);
        full.Stop();
        seeding.Stop();

        var refreshes = new List<(TimeSpan Elapsed, int Days)>();
        for (var round = 0; round < rounds; round++)
        {
            var batch = Enumerable.Range(0, newRatings)
                .Select(i => (Id: SurveysByTicket.KeyOf("new", $"{round}-{i}"), ResolvedAt: DateTimeOffset.UtcNow.AddDays(-random.Next(14)).AddMinutes(-random.Next(1440)), Rating: RandomRating(random) ?? Rating.Excellent))
                .ToArray();
            await Latencies.MeasureAsync(batch.Length, SeedConcurrency, async i =>
            {
                var (id, resolvedAt, rating) = batch[i];
                var survey = new Survey(id, "new", id, "customer@example.org", null, null, null, null, resolvedAt, resolvedAt);
                await surveys.TryInsertAsync(survey, CancellationToken.None);
                await days.FileAsync(survey, CancellationToken.None);
                var ratedAt = DateTimeOffset.UtcNow;
                await surveys.RecordRatingAsync((await surveys.GetAsync(id, CancellationToken.None))!, rating, null, null, false, [], ratedAt, CancellationToken.None);
                await days.FileAsync(survey with { Rating = rating, RatedAt = ratedAt }, CancellationToken.None);
                await changes.MarkAsync(survey.ResolvedDay, id, CancellationToken.None);
            });

            var changedDays = (await changes.ReadAllAsync(CancellationToken.None)).Select(c => c.Day).Distinct().Count();
            var refresh = Stopwatch.StartNew();
            await aggregator.TryRefreshAsync(CancellationToken.None);
            refreshes.Add((refresh.Elapsed, changedDays));
        }

        var median = refreshes.Select(r => r.Elapsed).Order().ElementAt(refreshes.Count / 2);
        Console.WriteLine();
        Console.WriteLine($"## Aggregator: {newRatings:N0} new ratings on top of {history:N0} surveys already aggregated");
        Console.WriteLine();
        Console.WriteLine("| measure | value |");
        Console.WriteLine("| --- | ---: |");
        Console.WriteLine($"| refresh after {newRatings:N0} new ratings (median of {rounds}) | {median.TotalMilliseconds:F0} ms |");
        Console.WriteLine($"| each round (days recounted) | {string.Join(", ", refreshes.Select(r => $"{r.Elapsed.TotalMilliseconds:F0} ms ({r.Days} days)"))} |");
        Console.WriteLine($"| first aggregation of the whole history ({seeded.Select(s => s.Day).Distinct().Count()} days) | {full.Elapsed.TotalMilliseconds:F0} ms |");
        Console.WriteLine($"| seeding the history (not part of any refresh) | {seeding.Elapsed.TotalSeconds:F0} s |");
    }

    private static Rating? RandomRating(Random random) => random.Next(10) switch
    {
        < 4 => null,
        < 7 => Rating.Excellent,
        < 9 => Rating.Satisfactory,
        _ => Rating.Unsatisfactory,
    };
}
