using Microsoft.Extensions.Logging;

namespace CsatFunctions.Scores;

/// <summary>
/// Builds the public document (<see cref="PublishedScoreBuilder"/>) and publishes it: stored, served from memory, written as static files beside the ledger's. The score
/// is out whatever becomes of the ledger; what the ledger could not append waits for the next refresh.
/// </summary>
public sealed class ScorePublication(
    PublishedScoreBuilder builder,
    PublishedScoreTable published,
    ScoreCache cache,
    StaticScoreFiles staticFiles,
    Ledger.LedgerPublisher ledger,
    ILogger<ScorePublication> logger)
{
    public async Task<PublishedScore> PublishAsync(CancellationToken cancellationToken)
    {
        var score = await builder.BuildAsync(cancellationToken);
        await published.SaveAsync(score, cancellationToken);
        var views = cache.Publish(score);

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
        return score;
    }
}
