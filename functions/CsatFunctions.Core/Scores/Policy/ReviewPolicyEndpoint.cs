using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Scores.Policy;

/// <summary>
/// <c>GET /api/score/policy</c>: the review policy page, or its figures as JSON with
/// <c>Accept: application/json</c>, from memory like the public page; <c>Vary: Accept</c>, as one URL answers both.
/// </summary>
public sealed class ReviewPolicyEndpoint(ScoreCache cache)
{
    public async Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var policy = (await cache.GetAsync(cancellationToken)).Policy;
        return new HeaderResult(StorageOutageAnswer.WantsJson(request) ? policy.Json : policy.Page, ("Vary", "Accept"));
    }
}
