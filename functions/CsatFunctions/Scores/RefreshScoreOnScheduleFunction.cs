using CsatFunctions.Campaigns;
using CsatFunctions.PersonalData;
using CsatFunctions.Scores;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Functions;

public sealed class RefreshScoreOnScheduleFunction(ScoreAggregator aggregator, RetentionSweep retention, CampaignDrip drip, ILogger<RefreshScoreOnScheduleFunction> logger)
{
    // The host resolves %name% against its configuration, where the app setting Csat__ScoreSchedule
    // is the key Csat:ScoreSchedule; "%Csat__ScoreSchedule%" would not be found. The host reads it from
    // app settings only, never from this worker's configuration (where CsatSettings has its default), and
    // a binding expression has no default: without the app setting the host leaves this function in error
    // ("'%Csat:ScoreSchedule%' does not resolve to a value") while the rest of the app runs. So
    // infra/main.bicep always sets it (parameter scoreSchedule, default 0 */5 * * * *),
    // local.settings.sample.json carries it, and Program.cs refuses to start without it.
    [Function("RefreshScoreOnSchedule")]
    public async Task Run([TimerTrigger("%Csat:ScoreSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (await aggregator.TryRefreshAsync(cancellationToken) is null)
        {
            logger.LogInformation("Another instance is refreshing the score; skipped this tick.");
        }
        else
        {
            // The instance that refreshed erases what Csat__RetentionDays says is due.
            await retention.SweepAsync(cancellationToken);
        }

        // Each drip reserves its share of a campaign's daily cap, so instances never pass it together.
        await drip.RunAllAsync(cancellationToken);
    }
}
