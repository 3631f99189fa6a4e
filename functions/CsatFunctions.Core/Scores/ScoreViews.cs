using CsatFunctions.Web;

namespace CsatFunctions.Scores;

/// <summary>
/// Everything the public sees of one published document, rendered once: the JSON, a badge per
/// window and the page, each with its bytes, headers and ETag ready.
/// </summary>
public sealed record ScoreViews(PublishedScore Score, ScoreDocument Document, PublicResource Json, IReadOnlyDictionary<string, PublicResource> Badges, PublicResource Page)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    public static ScoreViews Render(PublishedScore score)
    {
        var document = score.Document;
        return new ScoreViews(
            score,
            document,
            PublicResource.ForWebsites(score.Json, "application/json; charset=utf-8", MaxAge),
            ScoreWindowName.All.ToDictionary(
                name => name,
                name => PublicResource.ForWebsites(ScoreBadge.Render(document, name, ScoreWindowName.Pick(document.Windows, name)!), "image/svg+xml; charset=utf-8", MaxAge),
                StringComparer.Ordinal),
            PublicResource.ForPeople(ScorePageEndpoint.Render(document), MaxAge));
    }
}
