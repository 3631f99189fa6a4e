using System.Text.Json;
using CsatFunctions.Scores.Comments;
using CsatFunctions.Web;

namespace CsatFunctions.Scores.Policy;

/// <summary>
/// The review policy of one published document, rendered once beside its score views: in every
/// language the project has, the page as the API serves it and as the static files carry it
/// (policy.{code}.html, and policy.html in the default language), and its figures as JSON, which are
/// the same in every language.
/// </summary>
/// <param name="Pages">By language code (<c>en</c>, <c>de</c>…), every language the project has.</param>
/// <param name="Default">The pages in <c>Csat__DefaultLocale</c>, whose static copy is also published as policy.html.</param>
public sealed record ReviewPolicyViews(IReadOnlyDictionary<string, ReviewPolicyPages> Pages, ReviewPolicyPages Default, PublicResource Json)
{
    public static ReviewPolicyViews Render(ScoreDocument document, CommentsDocument comments, Languages.Languages languages, ReviewPolicySettings settings)
    {
        var policy = ReviewPolicy.From(document, comments, settings);
        var pages = languages.All.ToDictionary(
            language => language.Code,
            language => new ReviewPolicyPages(
                PublicResource.ForPeople(ReviewPolicyPage.Render(policy, language, languages.All), ScoreViews.MaxAge),
                PublicResource.ForPeople(ReviewPolicyPage.Render(policy, language, languages.All, asFiles: true), ScoreViews.MaxAge)),
            StringComparer.Ordinal);
        return new ReviewPolicyViews(
            pages,
            pages[languages.Default.Code],
            PublicResource.ForWebsites(JsonSerializer.Serialize(policy, CsatJson.Default.ReviewPolicy), "application/json; charset=utf-8", ScoreViews.MaxAge));
    }
}

/// <summary>The policy in one language: the page as the API serves it, and as the static files carry it, its links pointing at the files beside it.</summary>
public sealed record ReviewPolicyPages(PublicResource Page, PublicResource PageAsFile);
