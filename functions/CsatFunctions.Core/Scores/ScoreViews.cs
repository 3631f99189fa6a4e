using System.Text.Json;
using CsatFunctions.Scores.Comments;
using CsatFunctions.Scores.Policy;
using CsatFunctions.Web;

namespace CsatFunctions.Scores;

/// <summary>
/// Everything the public sees of one published document, rendered once: the JSON, a badge per
/// window and the page, each with its bytes, headers and ETag ready.
/// </summary>
/// <param name="PageAsFile">The page as the published static files carry it: its links point at the files beside it.</param>
/// <param name="Policy">The review policy stated from the same document (<c>GET /api/score/policy</c>, policy.html).</param>
public sealed record ScoreViews(PublishedScore Score, ScoreDocument Document, PublicResource Json, IReadOnlyDictionary<string, PublicResource> Badges, PublicResource Page, PublicResource Comments, PublicResource PageAsFile, ReviewPolicyViews Policy)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    /// <param name="languages">The page is in the default one (<c>Csat__DefaultLocale</c>), the review policy in each; the JSON and badges are the same in every one.</param>
    /// <param name="policy">What the review policy states beside the document's figures, and the ledger's verify page when known (<c>Csat__PublishedUrl</c>).</param>
    public static ScoreViews Render(PublishedScore score, Languages.Languages languages, ReviewPolicySettings policy)
    {
        var language = languages.Default;
        var verifyUrl = policy.Ledger.VerifyUrl;
        var document = score.Document;
        var comments = score.CommentsJson.Length > 0
            ? JsonSerializer.Deserialize(score.CommentsJson, CsatJson.Default.CommentsDocument)!
            : CommentsDocument.From(document.Company, []);
        return new ScoreViews(
            score,
            document,
            PublicResource.ForWebsites(score.Json, "application/json; charset=utf-8", MaxAge),
            ScoreWindowName.All.ToDictionary(
                name => name,
                name => PublicResource.ForWebsites(ScoreBadge.Render(document, name, ScoreWindowName.Pick(document.Windows, name)!), "image/svg+xml; charset=utf-8", MaxAge),
                StringComparer.Ordinal),
            PublicResource.ForPeople(ScorePageEndpoint.Render(document, comments, language, verifyUrl), MaxAge),
            PublicResource.ForWebsites(JsonSerializer.Serialize(comments, CsatJson.Default.CommentsDocument), "application/json; charset=utf-8", MaxAge),
            PublicResource.ForPeople(ScorePageEndpoint.Render(document, comments, language, verifyUrl, asFiles: true), MaxAge),
            ReviewPolicyViews.Render(document, comments, languages, policy));
    }
}
