using CsatFunctions.Campaigns;
using CsatFunctions.PersonalData;
using CsatFunctions.Scores;
using NCrontab;

namespace CsatFunctions.SelfHost.Timers;

/// <summary>
/// The aggregator's timer: fires on <c>Csat__ScoreSchedule</c> (NCRONTAB with seconds, as the
/// Functions timer trigger reads it). The aggregator holds a blob lease while it runs, so with
/// several self-hosts on one storage account one refresh runs and the others skip that tick. The
/// process that refreshed then erases what <c>Csat__RetentionDays</c> says is due. Every process
/// then drips the campaigns' sends (each run reserves its share of a day's cap, so none is passed).
/// </summary>
public sealed class ScoreTimer(CsatOptions options, ScoreAggregator aggregator, RetentionSweep retention, CampaignDrip drip, TimeProvider time, ILogger<ScoreTimer> logger) : BackgroundService
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
                if (await aggregator.TryRefreshAsync(stoppingToken) is null)
                {
                    logger.LogInformation("Another process is refreshing the score; skipped this tick.");
                }
                else
                {
                    await retention.SweepAsync(stoppingToken);
                }

                await drip.RunAllAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "The score refresh failed; the next tick retries it.");
            }
        }
    }
}
