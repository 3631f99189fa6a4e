using CsatFunctions.Scores;
using CsatFunctions.SelfHost.Timers;
using CsatFunctions.Storage;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CsatFunctions.Tests.SelfHost;

public sealed class ScoreTimerTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_timer_publishes_the_score_at_each_ncrontab_tick_and_not_before()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 10, 0, 30, TimeSpan.Zero));
        await using var services = await PipelineServices.CreateAsync(azurite.ConnectionString, time, scoreSchedule: "0 */5 * * * *");
        var published = services.GetRequiredService<PublishedScoreTable>();
        using var timer = new ScoreTimer(services.GetRequiredService<CsatOptions>(), services.GetRequiredService<ScoreAggregator>(), time, NullLogger<ScoreTimer>.Instance);
        using var stop = new CancellationTokenSource();

        var running = timer.RunScheduleAsync(stop.Token);
        time.Advance(TimeSpan.FromSeconds(269));
        Assert.Null(await published.GetAsync(CancellationToken.None));

        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(async () => await published.GetAsync(CancellationToken.None) is not null, "the 10:05:00 refresh");

        var document = System.Text.Json.JsonSerializer.Deserialize((await published.GetAsync(CancellationToken.None))!.Json, CsatJson.Default.ScoreDocument)!;
        Assert.Equal(new DateTime(2026, 11, 22, 10, 5, 0, DateTimeKind.Utc), document.GeneratedAt);
        await stop.CancelAsync();
        await running;
    }
}
