using CsatFunctions.Storage;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Scores;

/// <summary><c>GET /api/score/badge.svg?window=last30Days</c>: the badge, cached and revalidated like the JSON.</summary>
public sealed class ScoreBadgeEndpoint(CurrentScore current, ILogger<ScoreBadgeEndpoint> logger)
{
    public async Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var windowName = request.Query["window"].ToString() is { Length: > 0 } asked ? asked : ScoreWindowName.Default;
        try
        {
            var document = (await current.GetAsync(cancellationToken)).Document;
            if (ScoreWindowName.Pick(document.Windows, windowName) is not { } window)
            {
                return Problems.Invalid(
                    new Dictionary<string, string[]> { ["window"] = [$"Must be one of {string.Join(", ", ScoreWindowName.All)}."] },
                    "Unknown window.");
            }

            return PublicResource.Serve(request, ScoreBadge.Render(document, windowName, window), "image/svg+xml; charset=utf-8", TimeSpan.FromSeconds(60));
        }
        catch (Exception ex) when (StorageFailure.IsOutage(ex, cancellationToken))
        {
            logger.LogWarning(ex, "Storage failed while serving the badge.");
            return Problems.StorageUnavailable();
        }
    }
}
