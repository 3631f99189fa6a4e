using CsatFunctions.Storage;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Scores;

/// <summary><c>POST /api/admin/score/refresh</c>: runs the aggregator now and answers the new document.</summary>
public sealed class ScoreRefreshEndpoint(AdminKey adminKey, ScoreAggregator aggregator, TimeProvider time, ILogger<ScoreRefreshEndpoint> logger)
{
    /// <summary>How long to wait for a refresh already running elsewhere before answering 503.</summary>
    private static readonly TimeSpan LeaseWait = TimeSpan.FromSeconds(30);

    public async Task<IResult> RefreshAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!adminKey.Allows(request))
        {
            return adminKey.Refusal();
        }

        try
        {
            var giveUpAt = time.GetUtcNow() + LeaseWait;
            while (true)
            {
                if (await aggregator.TryRefreshAsync(cancellationToken) is { } score)
                {
                    return new HeaderResult(Results.Text(score.Json, "application/json; charset=utf-8"), ("ETag", score.ETag), ("Cache-Control", "no-store"));
                }

                if (time.GetUtcNow() >= giveUpAt)
                {
                    return new HeaderResult(
                        Results.Problem("Another refresh is still running; retry shortly.", statusCode: StatusCodes.Status503ServiceUnavailable),
                        ("Retry-After", Problems.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), time, cancellationToken);
            }
        }
        catch (Exception ex) when (StorageFailure.IsOutage(ex, cancellationToken))
        {
            logger.LogWarning(ex, "Storage failed during an admin refresh.");
            return Problems.StorageUnavailable();
        }
    }
}
