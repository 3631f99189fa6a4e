using NCrontab;

namespace CsatFunctions.SelfHost.Timers;

/// <summary>
/// The self-host's twin of the Functions timer trigger: runs <see cref="ScheduledTick"/> on
/// <c>Csat__ScoreSchedule</c> (NCRONTAB with seconds, as the Functions timer trigger reads it). A
/// failed tick is logged and the next one runs, as the Functions host does.
/// </summary>
public sealed class ScoreTimer(CsatOptions options, ScheduledTick tick, TimeProvider time, ILogger<ScoreTimer> logger) : BackgroundService
{
    /// <summary>
    /// The longest single wait. <see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/> refuses
    /// anything over about 49.7 days, which a yearly or monthly schedule needs, so a long wait is taken in steps.
    /// </summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunScheduleAsync(stoppingToken);

    /// <summary>Waits for each tick and refreshes; the wait is registered before the first await returns.</summary>
    public async Task RunScheduleAsync(CancellationToken stoppingToken)
    {
        var schedule = CrontabSchedule.Parse(options.ScoreSchedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var next = schedule.GetNextOccurrence(now);
            try
            {
                while (now < next)
                {
                    await Task.Delay(next - now < LongestWait ? next - now : LongestWait, time, stoppingToken);
                    now = time.GetUtcNow().UtcDateTime;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await tick.RunAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "The score refresh failed; the next tick retries it.");
            }
        }
    }
}
