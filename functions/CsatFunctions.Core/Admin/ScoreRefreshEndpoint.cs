using CsatFunctions.Scores;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Admin;

/// <summary><c>POST /api/admin/score/refresh</c>: runs the aggregator now and answers the new document.</summary>
public sealed class ScoreRefreshEndpoint(ScoreAggregator aggregator, TimeProvider time)
{
    /// <summary>How long to wait for a refresh already running elsewhere before answering 503.</summary>
    private static readonly TimeSpan LeaseWait = TimeSpan.FromSeconds(30);

    public async Task<IResult> RefreshAsync(CancellationToken cancellationToken)
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
}
