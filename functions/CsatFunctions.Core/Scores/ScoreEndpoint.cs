using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Scores;

/// <summary>
/// <c>GET /api/score</c>: the public document as the aggregator last published it, for any website to
/// fetch (CORS open), cache for a minute and revalidate cheaply (strong ETag, 304), from memory.
/// </summary>
public sealed class ScoreEndpoint(ScoreCache cache)
{
    public async Task<IResult> GetAsync(CancellationToken cancellationToken) => (await cache.GetAsync(cancellationToken)).Json;
}
