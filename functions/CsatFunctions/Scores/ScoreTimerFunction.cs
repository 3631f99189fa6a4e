using CsatFunctions.Scores;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Functions;

public sealed class ScoreTimerFunction(ScoreAggregator aggregator, ILogger<ScoreTimerFunction> logger)
{
    // The host resolves %name% against its configuration, where the app setting Csat__ScoreSchedule
    // is the key Csat:ScoreSchedule; "%Csat__ScoreSchedule%" would not be found.
    [Function("RefreshScoreOnSchedule")]
    public async Task Run([TimerTrigger("%Csat:ScoreSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (await aggregator.TryRefreshAsync(cancellationToken) is null)
        {
            logger.LogInformation("Another instance is refreshing the score; skipped this tick.");
        }
    }
}
