using CsatFunctions.Storage;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Scores;

/// <summary>
/// The published score held in memory, rendered (<see cref="ScoreViews"/>), so a visitor costs no
/// storage call and no hashing. The aggregator hands each new document over at once in its own
/// process; every process also looks, at most every <see cref="CsatOptions.ScoreCacheTime"/>, whether
/// another published a newer one (one small read of the stored version), in the background while the
/// current views go on being served. Storage down: the last document keeps being served. Before
/// the first aggregation, the same shape with zeros.
/// </summary>
public sealed class ScoreCache(PublishedScoreTable published, CsatOptions options, TimeProvider time, ILogger<ScoreCache> logger)
{
    private readonly SemaphoreSlim loading = new(1, 1);
    private ScoreViews? current;
    private long checkedAtTicks;
    private int checking;

    public async ValueTask<ScoreViews> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref current) is { } views)
        {
            if (time.GetUtcNow().UtcTicks - Interlocked.Read(ref checkedAtTicks) >= options.ScoreCacheTime.Ticks && Interlocked.Exchange(ref checking, 1) == 0)
            {
                _ = Task.Run(CheckAsync, CancellationToken.None);
            }

            return views;
        }

        return await LoadAsync(cancellationToken);
    }

    /// <summary>A document this process just published: served from now on.</summary>
    public ScoreViews Publish(PublishedScore score) => Use(ScoreViews.Render(score, options.Languages, Policy.ReviewPolicySettings.Of(options)));

    /// <summary>The first request waits for the stored document; storage down then is a 503, as for any route.</summary>
    private async Task<ScoreViews> LoadAsync(CancellationToken cancellationToken)
    {
        await loading.WaitAsync(cancellationToken);
        try
        {
            return Volatile.Read(ref current) ?? Use(ScoreViews.Render(await published.GetAsync(cancellationToken) ?? Empty(), options.Languages, Policy.ReviewPolicySettings.Of(options)));
        }
        finally
        {
            loading.Release();
        }
    }

    private async Task CheckAsync()
    {
        try
        {
            var stored = await published.GetVersionAsync(CancellationToken.None);
            if (stored is not null && stored != Volatile.Read(ref current)?.Score.Version && await published.GetAsync(CancellationToken.None) is { } score)
            {
                Use(ScoreViews.Render(score, options.Languages, Policy.ReviewPolicySettings.Of(options)));
            }
        }
        catch (Exception ex) when (StorageFailure.IsOutage(ex, CancellationToken.None))
        {
            logger.LogWarning(ex, "Could not look for a newer public score; serving the one held.");
        }
        finally
        {
            Interlocked.Exchange(ref checkedAtTicks, time.GetUtcNow().UtcTicks);
            Volatile.Write(ref checking, 0);
        }
    }

    private ScoreViews Use(ScoreViews views)
    {
        Volatile.Write(ref current, views);
        Interlocked.Exchange(ref checkedAtTicks, time.GetUtcNow().UtcTicks);
        return views;
    }

    private PublishedScore Empty() =>
        PublishedScore.From(ScoreCalculator.Calculate(options.CompanyName, [], time.GetUtcNow()) with { MinimumRatedToShow = options.MinimumRatedToShow });
}
