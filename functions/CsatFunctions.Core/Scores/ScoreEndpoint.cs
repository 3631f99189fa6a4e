using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Scores;

/// <summary>
/// <c>GET /api/score</c>: the public document as the aggregator last stored it, for any website to
/// fetch (CORS open), cache for a minute and revalidate cheaply (strong ETag, 304).
/// </summary>
public sealed class ScoreEndpoint(CurrentScore current)
{
    public async Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var score = await current.GetAsync(cancellationToken);
        return PublicResource.Serve(request, score.Json, "application/json; charset=utf-8", TimeSpan.FromSeconds(60));
    }
}
