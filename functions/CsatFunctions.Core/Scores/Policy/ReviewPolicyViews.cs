using System.Text.Json;
using CsatFunctions.Languages;
using CsatFunctions.Scores.Comments;
using CsatFunctions.Web;

namespace CsatFunctions.Scores.Policy;

/// <summary>
/// The review policy of one published document, rendered once beside its score views: the page as the
/// API serves it, the page as the static files carry it (policy.html), and its figures as JSON.
/// </summary>
public sealed record ReviewPolicyViews(PublicResource Page, PublicResource PageAsFile, PublicResource Json)
{
    public static ReviewPolicyViews Render(ScoreDocument document, CommentsDocument comments, Language language, ReviewPolicySettings settings)
    {
        var policy = ReviewPolicy.From(document, comments, settings);
        return new ReviewPolicyViews(
            PublicResource.ForPeople(ReviewPolicyPage.Render(policy, language), ScoreViews.MaxAge),
            PublicResource.ForPeople(ReviewPolicyPage.Render(policy, language, asFiles: true), ScoreViews.MaxAge),
            PublicResource.ForWebsites(JsonSerializer.Serialize(policy, CsatJson.Default.ReviewPolicy), "application/json; charset=utf-8", ScoreViews.MaxAge));
    }
}
