using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Scores;

/// <summary><c>GET /api/score/comments</c>: the comments customers allowed us to publish, cached and revalidated like the score, from memory.</summary>
public sealed class ScoreCommentsEndpoint(ScoreCache cache)
{
    public async Task<IResult> GetAsync(CancellationToken cancellationToken) => (await cache.GetAsync(cancellationToken)).Comments;
}
