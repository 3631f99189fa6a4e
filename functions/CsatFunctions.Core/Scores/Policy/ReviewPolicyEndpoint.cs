using CsatFunctions.Languages;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Scores.Policy;

/// <summary>
/// <c>GET /api/score/policy</c>: the review policy page in the language asked for (<c>?lang=</c>, else
/// <c>Accept-Language</c>, else <c>Csat__DefaultLocale</c>: <see cref="RequestedLanguage"/>), or its
/// figures as JSON with <c>Accept: application/json</c>, from memory like the public page. One URL
/// answers in several forms, so <c>Vary: Accept, Accept-Language</c>; each language's page has its own ETag.
/// </summary>
public sealed class ReviewPolicyEndpoint(ScoreCache cache, CsatOptions options)
{
    private const string Vary = "Accept, Accept-Language";

    public async Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var language = RequestedLanguage.Read(request, options.Languages);
        var policy = (await cache.GetAsync(cancellationToken)).Policy;
        return StorageOutageAnswer.WantsJson(request)
            ? new HeaderResult(policy.Json, ("Vary", Vary))
            : new HeaderResult(policy.Pages[language.Code].Page, ("Vary", Vary), ("Content-Language", language.Code));
    }
}
