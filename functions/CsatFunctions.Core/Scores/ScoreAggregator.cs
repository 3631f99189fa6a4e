using System.Diagnostics;
using CsatFunctions.Storage;
using CsatFunctions.Telemetry;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Scores;

/// <summary>
/// Keeps the public score current. A refresh recounts only the days marked changed since the last
/// one (each a single range query over that day's surveys), then adds up the stored per-day counts,
/// one small row per day, so its cost follows what changed, not the size of the history. One
/// refresh runs at a time across every process on the storage account (a blob lease).
/// </summary>
public sealed class ScoreAggregator(
    CsatStorage storage,
    ChangedDaysRecount recount,
    ScorePublication publication,
    CsatMetrics metrics,
    TimeProvider time,
    ILogger<ScoreAggregator> logger)
{
    private const string LeaseName = "score-aggregator";

    /// <returns>The new document, or null when another process is refreshing right now.</returns>
    public async Task<PublishedScore?> TryRefreshAsync(CancellationToken cancellationToken)
    {
        await using var lease = await BlobLease.TryAcquireAsync(storage.Leases, LeaseName, time, logger, cancellationToken);
        if (lease is null)
        {
            return null;
        }

        // Two refreshes must never run at once: losing the lease stops this one where it is.
        using var held = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
        try
        {
            return await RefreshAsync(held.Token);
        }
        catch (OperationCanceledException) when (lease.Lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Lost the aggregator's lease during a refresh; stopped it. The next refresh recounts what it left.");
            return null;
        }
    }

    private async Task<PublishedScore> RefreshAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = CsatTelemetry.Source.StartActivity("score refresh");
        var days = await recount.RecountAsync(cancellationToken);
        var score = await publication.PublishAsync(cancellationToken);
        activity?.SetTag("csat.days_recounted", days);
        metrics.Aggregated(Stopwatch.GetElapsedTime(started));
        logger.LogInformation("Refreshed the public score: {Days} changed day(s) recounted.", days);
        return score;
    }
}
