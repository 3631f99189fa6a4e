using CsatFunctions.Scores;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CsatFunctions.Tests.Scores;

/// <summary>The aggregator over Azurite: incremental by changed day, UTC days, one refresh at a time.</summary>
public sealed class ScoreAggregatorTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 5, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider time = new(Now);
    private ServiceProvider services = null!;

    public async ValueTask InitializeAsync() => services = await PipelineServices.CreateAsync(azurite.ConnectionString, time);

    public async ValueTask DisposeAsync() => await services.DisposeAsync();

    private ScoreAggregator Aggregator => services.GetRequiredService<ScoreAggregator>();

    [Fact]
    public async Task Surveys_count_on_the_utc_day_their_ticket_was_resolved()
    {
        // 01:30 at +02:00 on the 1st of November is still the 31st of October in UTC.
        await Accept("T-1", new DateTimeOffset(2026, 11, 1, 1, 30, 0, TimeSpan.FromHours(2)), Rating.Excellent);
        await Accept("T-2", new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), null);

        var document = await Refresh();

        Assert.Equal([new MonthlyScore("2026-10", 1, 1, 100.0m), new MonthlyScore("2026-11", 1, 0, null)], document.Monthly);
        Assert.Equal(2, document.Windows.Last30Days.Surveyed);
        Assert.Equal(0, document.Windows.Last7Days.Surveyed);
    }

    [Fact]
    public async Task A_refresh_forgets_the_changes_it_counted_and_a_second_refresh_agrees()
    {
        await Accept("T-1", Now.AddDays(-1), Rating.Unsatisfactory);
        await Accept("T-2", Now.AddDays(-400), Rating.Excellent);

        var first = await Refresh();

        Assert.Empty(await services.GetRequiredService<ScoreChangeLog>().ReadAllAsync(CancellationToken.None));
        Assert.Equal(first.Windows, (await Refresh()).Windows);
        Assert.Equal(new ScoreWindow(2, 2, 1, 0, 1, 50.0m, 100.0m), first.Windows.AllTime);
        Assert.Equal(new ScoreWindow(1, 1, 0, 0, 1, 0.0m, 100.0m), first.Windows.Last365Days);
    }

    [Fact]
    public async Task Only_days_marked_changed_are_recounted()
    {
        var day = Now.AddDays(-3);
        await Accept("T-1", day, null);
        await Refresh();

        // A rating written to the day index without marking the day is not seen: nothing rescans history.
        var surveyId = await services.SurveyIdOfAsync("T-1");
        var rated = (await services.GetRequiredService<SurveyTable>().GetAsync(surveyId, CancellationToken.None))!.Survey with { Rating = Rating.Excellent, RatedAt = Now };
        await services.GetRequiredService<SurveyDayIndex>().FileAsync(rated, CancellationToken.None);
        Assert.Equal(0, (await Refresh()).Windows.AllTime.Rated);

        await services.GetRequiredService<ScoreChangeLog>().MarkAsync(DateOnly.FromDateTime(day.UtcDateTime), surveyId, CancellationToken.None);
        Assert.Equal(1, (await Refresh()).Windows.AllTime.Rated);
    }

    [Fact]
    public async Task Windows_move_with_the_clock_without_any_new_change()
    {
        await Accept("T-1", Now, Rating.Excellent);
        Assert.Equal(1, (await Refresh()).Windows.Last7Days.Surveyed);

        time.Advance(TimeSpan.FromDays(7));

        var later = await Refresh();
        Assert.Equal(0, later.Windows.Last7Days.Surveyed);
        Assert.Equal(1, later.Windows.Last30Days.Surveyed);
    }

    [Fact]
    public async Task While_another_process_holds_the_aggregator_lease_a_refresh_does_not_run()
    {
        var storage = services.GetRequiredService<CsatStorage>();
        await using (var held = await BlobLease.TryAcquireAsync(storage.Leases, "score-aggregator", TimeProvider.System, NullLogger.Instance, CancellationToken.None))
        {
            Assert.NotNull(held);
            Assert.Null(await Aggregator.TryRefreshAsync(CancellationToken.None));
        }

        Assert.NotNull(await Aggregator.TryRefreshAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_lease_whose_renewal_fails_says_it_is_lost_so_its_work_stops()
    {
        var storage = services.GetRequiredService<CsatStorage>();
        await using var lease = await BlobLease.TryAcquireAsync(storage.Leases, "score-aggregator", time, NullLogger.Instance, CancellationToken.None);
        Assert.NotNull(lease);

        // Another party breaks the lease: the next renewal is refused.
        await storage.Leases.GetBlobClient("score-aggregator").GetBlobLeaseClient().BreakAsync(TimeSpan.Zero);
        Assert.False(lease.Lost.IsCancellationRequested);
        time.Advance(BlobLease.Duration / 3);

        await Eventually.TrueAsync(() => Task.FromResult(lease.Lost.IsCancellationRequested), "the lease to be reported lost");
        await using var next = await BlobLease.TryAcquireAsync(storage.Leases, "score-aggregator", time, NullLogger.Instance, CancellationToken.None);
        Assert.NotNull(next);
    }

    [Fact]
    public async Task The_published_document_is_stored_for_the_score_route()
    {
        await Accept("T-1", Now, Rating.Satisfactory);

        var refreshed = await Aggregator.TryRefreshAsync(CancellationToken.None);

        Assert.Equal(refreshed, await services.GetRequiredService<PublishedScoreTable>().GetAsync(CancellationToken.None));
    }

    private async Task<ScoreDocument> Refresh()
    {
        var score = await Aggregator.TryRefreshAsync(CancellationToken.None);
        return System.Text.Json.JsonSerializer.Deserialize(score!.Json, CsatJson.Default.ScoreDocument)!;
    }

    [Fact]
    public async Task Counts_stored_before_they_were_stored_by_name_read_the_same_and_keep_their_place()
    {
        // A day counted by the earlier aggregator: scales as eight counts by position, touchpoints in a column of their own.
        var storage = services.GetRequiredService<CsatStorage>();
        var day = DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-2);
        await storage.Table("ScoreDays").UpsertEntityAsync(new Azure.Data.Tables.TableEntity(DayKey.MonthOf(day), DayKey.Of(day))
        {
            ["Surveyed"] = 5,
            ["Excellent"] = 2,
            ["Satisfactory"] = 1,
            ["Unsatisfactory"] = 1,
            ["NotSurveyed"] = 1,
            ["Scales"] = "[0,0,1,0,1,1,0,0]",
            ["Touchpoints"] = "{\"onboarding\":[2,1,0,1,0]}",
        });

        // A survey filed by the earlier intake: no agent or channel column.
        var old = new Survey(SurveyId.New(), "generic", "T-OLD", "ann@example.org", null, null, "Pat", "phone", Now.AddDays(-1), Now);
        await storage.Table("SurveyDays").UpsertEntityAsync(new Azure.Data.Tables.TableEntity($"{DayKey.Of(old.ResolvedDay)}-{old.Id[0]}", old.Id) { ["NotSurveyed"] = false, ["Touchpoint"] = "" });
        await services.GetRequiredService<ScoreChangeLog>().MarkAsync(old.ResolvedDay, old.Id, CancellationToken.None);

        var document = await Refresh();

        var allTime = document.Windows.AllTime;
        Assert.Equal((6, 4, 2, 1, 1, 1), (allTime.Surveyed, allTime.Rated, allTime.Excellent, allTime.Satisfactory, allTime.Unsatisfactory, allTime.NotSurveyed));
        Assert.Equal(new FivePointCounts(0, 0, 1, 0, 1), allTime.FivePoint);
        Assert.Equal(1, allTime.Nps!.Promoters);
        Assert.Equal(2, document.Touchpoints["onboarding"].AllTime.Surveyed);

        // Recounted, the old survey counts under no agent; the old day keeps its counts.
        var tallies = await services.GetRequiredService<DailyTallyTable>().ReadAllAsync(CancellationToken.None);
        Assert.Equal(1, tallies.Single(t => t.Day == old.ResolvedDay).By("agent")[""].Surveyed);
        Assert.Equal(1, tallies.Single(t => t.Day == old.ResolvedDay).By("company")[""].Surveyed);
        Assert.Equal(1, tallies.Single(t => t.Day == day).Scales.Of(Scale.FivePoint, "3"));
    }

    [Fact]
    public async Task Daily_counts_are_broken_down_by_agent_and_channel_as_the_survey_was_sent()
    {
        await Accept("T-1", Now, Rating.Excellent, agent: "Pat", channel: "phone");
        await Accept("T-2", Now, Rating.Unsatisfactory, agent: "Pat", channel: "email");
        await Accept("T-3", Now, null, agent: null, channel: "phone");

        await Refresh();
        var today = (await services.GetRequiredService<DailyTallyTable>().ReadAllAsync(CancellationToken.None)).Single();

        Assert.Equal((2, 1, 1), (today.By("agent")["Pat"].Surveyed, today.By("agent")["Pat"].Excellent, today.By("agent")["Pat"].Unsatisfactory));
        Assert.Equal(1, today.By("agent")[""].Surveyed);
        Assert.Equal((2, 1), (today.By("channel")["phone"].Surveyed, today.By("channel")["email"].Surveyed));
        Assert.Equal(today.Surveyed, today.By("agent").Values.Sum(t => t.Surveyed));
    }

    [Fact]
    public async Task A_day_with_hundreds_of_client_companies_with_long_names_is_stored_and_read_back_whole()
    {
        // An MSP's day: 600 client companies, each name 200 characters, far more than one table property holds.
        var day = DateOnly.FromDateTime(Now.UtcDateTime);
        var companies = Enumerable.Range(0, 600).ToDictionary(
            i => $"Client {i:D3} " + new string('ü', 190),
            i => new DailyTally(day, 1 + i % 3, i % 3, 1, 0));
        var tally = new DailyTally(day, companies.Values.Sum(t => t.Surveyed), companies.Values.Sum(t => t.Excellent), companies.Values.Sum(t => t.Satisfactory), 0)
        {
            Breakdowns = new Dictionary<string, IReadOnlyDictionary<string, DailyTally>> { ["company"] = companies, ["agent"] = new Dictionary<string, DailyTally> { ["Pat"] = new(day, 1, 1, 0, 0) } },
        };
        var table = services.GetRequiredService<DailyTallyTable>();

        await table.SaveAsync(tally, CancellationToken.None);
        var read = (await table.ReadAllAsync(CancellationToken.None)).Single();

        Assert.Equal(600, read.By("company").Count);
        Assert.All(companies, company => Assert.Equal((company.Value.Surveyed, company.Value.Excellent), (read.By("company")[company.Key].Surveyed, read.By("company")[company.Key].Excellent)));
        Assert.Equal(1, read.By("agent")["Pat"].Excellent);
    }

    /// <summary>What intake and the rating page store, through the same storage classes.</summary>
    private async Task Accept(string ticketId, DateTimeOffset resolvedAt, Rating? rating, string? agent = null, string? channel = null)
    {
        var entry = await services.GetRequiredService<SurveysByTicket>().ClaimAsync("generic", ticketId, CancellationToken.None);
        var survey = new Survey(entry.SurveyId!, "generic", ticketId, "ann@example.org", null, null, agent, channel, resolvedAt, Now);
        await services.GetRequiredService<SurveyTable>().TryInsertAsync(survey, CancellationToken.None);
        await services.GetRequiredService<CountedSurveys>().FileAsync(rating is { } given ? survey with { Rating = given, RatedAt = Now } : survey, CancellationToken.None);
    }
}
