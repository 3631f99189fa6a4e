using CsatFunctions.Storage;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace CsatFunctions.Scores;

/// <summary>
/// <c>GET /api/score</c>: the public document as the aggregator last stored it, for any website to
/// fetch (CORS open), cache for a minute and revalidate cheaply (strong ETag, 304).
/// </summary>
public sealed class ScoreEndpoint(PublishedScoreTable published, CsatOptions options, TimeProvider time, ILogger<ScoreEndpoint> logger)
{
    public async Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        PublishedScore score;
        try
        {
            score = await published.GetAsync(cancellationToken)
                ?? PublishedScore.From(ScoreCalculator.Calculate(options.CompanyName, [], time.GetUtcNow()));
        }
        catch (Exception ex) when (StorageFailure.IsOutage(ex, cancellationToken))
        {
            logger.LogWarning(ex, "Storage failed while serving the public score.");
            return new HeaderResult(Problems.StorageUnavailable(), ("Access-Control-Allow-Origin", "*"));
        }

        (string, string)[] headers =
        [
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Expose-Headers", "ETag"),
            ("Cache-Control", "public, max-age=60"),
            ("ETag", score.ETag),
            ("X-Content-Type-Options", "nosniff"),
        ];
        return IsNotModified(request, score.ETag)
            ? new HeaderResult(Results.StatusCode(StatusCodes.Status304NotModified), headers)
            : new HeaderResult(Results.Text(score.Json, "application/json; charset=utf-8"), headers);
    }

    /// <summary>If-None-Match uses weak comparison, so a W/ prefix from a proxy still matches.</summary>
    private static bool IsNotModified(HttpRequest request, string etag)
    {
        var current = new EntityTagHeaderValue(etag);
        return EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var given)
            && given.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false));
    }
}
