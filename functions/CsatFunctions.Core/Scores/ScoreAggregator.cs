using System.Diagnostics;
using System.Text.Json;
using CsatFunctions.Ratings;
using CsatFunctions.Ratings.Comments;
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
    CsatOptions options,
    CsatStorage storage,
    ScoreChangeLog changes,
    SurveyDayIndex dayIndex,
    RatingCounter ratings,
    DailyTallyTable tallies,
    PublishedScoreTable published,
    CommentTable comments,
    ScoreCache cache,
    StaticScoreFiles staticFiles,
    Ledger.LedgerPublisher ledger,
    CsatMetrics metrics,
    TimeProvider time,
    ILogger<ScoreAggregator> logger)
{
    private const string LeaseName = "score-aggregator";
    private const int ParallelDays = 8;

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
        await ratings.RepairAsync(cancellationToken);
        var marks = await changes.ReadAllAsync(cancellationToken);
        var days = marks.Select(mark => mark.Day).Distinct().ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = ParallelDays, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(days, parallel, async (day, token) =>
            await tallies.SaveAsync(await dayIndex.CountAsync(day, token), token));

        // Forgotten only after the recount is saved: a refresh that dies part-way leaves its marks.
        await Parallel.ForEachAsync(marks, parallel, async (mark, token) => await changes.ForgetAsync(mark, token));

        var document = ScoreCalculator.Calculate(options.CompanyName, await tallies.ReadAllAsync(cancellationToken), time.GetUtcNow());
        var consented = CommentsDocument.From(options.CompanyName, await comments.ReadAllAsync(cancellationToken));
        var score = PublishedScore.From(document with { MinimumRatedToShow = options.MinimumRatedToShow }) with
        {
            CommentsJson = JsonSerializer.Serialize(consented, CsatJson.Default.CommentsDocument),
        };
        await published.SaveAsync(score, cancellationToken);
        var views = cache.Publish(score);

        // The score is out whatever becomes of the ledger; what the ledger could not append waits for the next refresh.
        IReadOnlyList<(string Name, Web.PublicResource File)> ledgerFiles = [];
        try
        {
            ledgerFiles = await ledger.AppendAndRenderAsync(cancellationToken);
        }
        catch (Azure.RequestFailedException ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not append to or render the public ledger; the score's files are published without it, and the next refresh tries again.");
        }

        await staticFiles.PublishAsync(views, ledgerFiles, cancellationToken);
        activity?.SetTag("csat.days_recounted", days.Count);
        metrics.Aggregated(Stopwatch.GetElapsedTime(started));
        logger.LogInformation("Refreshed the public score: {Days} changed day(s) recounted.", days.Count);
        return score;
    }
}
