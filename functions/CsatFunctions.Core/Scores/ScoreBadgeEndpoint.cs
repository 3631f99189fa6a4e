using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Scores;

/// <summary><c>GET /api/score/badge.svg?window=last30Days</c>: the badge, cached and revalidated like the JSON, from memory.</summary>
public sealed class ScoreBadgeEndpoint(ScoreCache cache)
{
    public async Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var windowName = request.Query["window"].ToString() is { Length: > 0 } asked ? asked : ScoreWindowName.Default;
        if ((await cache.GetAsync(cancellationToken)).Badges.GetValueOrDefault(windowName) is not { } badge)
        {
            return Problems.Invalid(
                new Dictionary<string, string[]> { ["window"] = [$"Must be one of {string.Join(", ", ScoreWindowName.All)}."] },
                "Unknown window.");
        }

        return badge;
    }
}
