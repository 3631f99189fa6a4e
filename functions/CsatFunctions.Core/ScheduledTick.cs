using CsatFunctions.Agents;
using CsatFunctions.Campaigns;
using CsatFunctions.Digests;
using CsatFunctions.PersonalData;
using CsatFunctions.Scores;
using Microsoft.Extensions.Logging;

namespace CsatFunctions;

/// <summary>
/// The work of one tick of <c>Csat__ScoreSchedule</c>, in order, as both hosts' timers run it: the
/// score refresh, then (only where it ran) the retention sweep, then the campaigns' drip, then the
/// agents' daily digests, then the weekly and monthly digests.
/// </summary>
public sealed class ScheduledTick(ScoreAggregator aggregator, RetentionSweep retention, CampaignDrip drip, AgentDigests agentDigests, DigestRun digests, ILogger<ScheduledTick> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // The aggregator holds a blob lease while it runs, so with several processes or instances on
        // one storage account one refresh runs and the others skip that tick.
        if (await aggregator.TryRefreshAsync(cancellationToken) is null)
        {
            logger.LogInformation("Another process is refreshing the score; skipped this tick.");
        }
        else
        {
            // The one that refreshed erases what Csat__RetentionDays says is due.
            await retention.SweepAsync(cancellationToken);
        }

        // Each drip reserves its share of a campaign's daily cap, so processes never pass it together.
        await drip.RunAllAsync(cancellationToken);

        // Each digest is claimed per agent and day, so every process may run them at every tick.
        await agentDigests.RunAsync(cancellationToken);

        // The weekly and monthly digests are claimed per period (and company), and a cursor skips what is done.
        await digests.RunAsync(cancellationToken);
    }
}
