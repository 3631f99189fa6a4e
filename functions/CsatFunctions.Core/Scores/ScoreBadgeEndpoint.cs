using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Scores;

/// <summary><c>GET /api/score/badge.svg?window=last30Days</c>: the badge, cached and revalidated like the JSON.</summary>
public sealed class ScoreBadgeEndpoint(CurrentScore current)
{
    public async Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var windowName = request.Query["window"].ToString() is { Length: > 0 } asked ? asked : ScoreWindowName.Default;
        var document = (await current.GetAsync(cancellationToken)).Document;
        if (ScoreWindowName.Pick(document.Windows, windowName) is not { } window)
        {
            return Problems.Invalid(
                new Dictionary<string, string[]> { ["window"] = [$"Must be one of {string.Join(", ", ScoreWindowName.All)}."] },
                "Unknown window.");
        }

        return PublicResource.Serve(request, ScoreBadge.Render(document, windowName, window), "image/svg+xml; charset=utf-8", TimeSpan.FromSeconds(60));
    }
}
