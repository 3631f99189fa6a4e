using System.Collections.Concurrent;
using CsatFunctions.Scores;
using CsatFunctions.SelfHost.Timers;
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
        var time = new WaitRecordingClock(new DateTimeOffset(2026, 11, 22, 10, 0, 30, TimeSpan.Zero));
        await using var services = await PipelineServices.CreateAsync(azurite.ConnectionString, time, scoreSchedule: "0 */5 * * * *");
        var published = services.GetRequiredService<PublishedScoreTable>();
        using var timer = TimerOn(services, time);
        using var stop = new CancellationTokenSource();

        var running = timer.RunScheduleAsync(stop.Token);

        // The wait is registered before RunScheduleAsync first yields: it ends at 10:05:00, not before.
        Assert.Equal([TimeSpan.FromSeconds(270)], time.Waits);
        Assert.Null(await published.GetAsync(CancellationToken.None));

        time.Advance(TimeSpan.FromSeconds(270));
        await Eventually.TrueAsync(async () => await published.GetAsync(CancellationToken.None) is not null, "the 10:05:00 refresh");
        var document = System.Text.Json.JsonSerializer.Deserialize((await published.GetAsync(CancellationToken.None))!.Json, CsatJson.Default.ScoreDocument)!;
        Assert.Equal(new DateTime(2026, 11, 22, 10, 5, 0, DateTimeKind.Utc), document.GeneratedAt);

        // Then it waits for the next tick, five minutes on (the refresh's lease renewal waits on this clock too).
        await Eventually.TrueAsync(() => Task.FromResult(time.Waits.Contains(TimeSpan.FromMinutes(5))), "the wait for 10:10:00");
        Assert.DoesNotContain(time.Waits, wait => wait > TimeSpan.FromMinutes(1) && wait != TimeSpan.FromMinutes(5) && wait != TimeSpan.FromSeconds(270));
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task A_yearly_schedule_waits_in_steps_and_fires_on_new_years_day()
    {
        // From New Year's Day the next tick is a year away: one Task.Delay that long throws (its limit is
        // about 49.7 days), which stopped every host under a yearly schedule on 1 January.
        var time = new WaitRecordingClock(new DateTimeOffset(2027, 1, 1, 0, 0, 30, TimeSpan.Zero));
        await using var services = await PipelineServices.CreateAsync(azurite.ConnectionString, time, scoreSchedule: "0 0 0 1 1 *");
        var published = services.GetRequiredService<PublishedScoreTable>();
        using var timer = TimerOn(services, time);
        using var stop = new CancellationTokenSource();

        var running = timer.RunScheduleAsync(stop.Token);
        Assert.Equal([ScoreTimer.LongestWait], time.Waits);

        // A day short of the tick, nothing has run.
        for (var day = 1; day < 365; day++)
        {
            time.Advance(ScoreTimer.LongestWait);
            await Eventually.TrueAsync(() => Task.FromResult(time.Waits.Count > day), $"the wait after day {day}");
        }

        Assert.False(running.IsCompleted, running.Exception?.ToString());
        Assert.Null(await published.GetAsync(CancellationToken.None));
        Assert.Equal(TimeSpan.FromSeconds(86_370), time.Waits[^1]);

        time.Advance(TimeSpan.FromSeconds(86_370));
        await Eventually.TrueAsync(async () => await published.GetAsync(CancellationToken.None) is not null, "the refresh on 1 January 2028");
        var document = System.Text.Json.JsonSerializer.Deserialize((await published.GetAsync(CancellationToken.None))!.Json, CsatJson.Default.ScoreDocument)!;
        Assert.Equal(new DateTime(2028, 1, 1, 0, 0, 0, DateTimeKind.Utc), document.GeneratedAt);

        // Once the refresh is done it waits, a day at a time, for 2029 (the refresh's lease renewal waits on this clock too).
        await Eventually.TrueAsync(() => Task.FromResult(time.Waits.Skip(365).Contains(ScoreTimer.LongestWait)), "the first day's wait towards 2029");
        await stop.CancelAsync();
        await running;
    }

    /// <summary>The self-host's timer over the test's services, waiting on <paramref name="time"/>.</summary>
    private static ScoreTimer TimerOn(IServiceProvider services, TimeProvider time) =>
        new(services.GetRequiredService<CsatOptions>(), services.GetRequiredService<ScheduledTick>(), time, NullLogger<ScoreTimer>.Instance);

    /// <summary>A fake clock that remembers how long each wait registered on it lasts.</summary>
    private sealed class WaitRecordingClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private readonly ConcurrentQueue<TimeSpan> waits = new();

        public IReadOnlyList<TimeSpan> Waits => [.. waits];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            waits.Enqueue(dueTime);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
