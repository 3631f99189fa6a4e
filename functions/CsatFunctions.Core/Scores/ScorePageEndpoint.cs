using System.Globalization;
using System.Text;
using CsatFunctions.Languages;
using CsatFunctions.Ratings.Comments;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Scores;

/// <summary>
/// <c>GET /api/score/page</c>: the published score for people: the headline figure, each rating's
/// count, the response rate, the method in plain words and the monthly history. Emails link here.
/// Rendered once per published document (<see cref="ScoreViews"/>), served from memory.
/// </summary>
public sealed class ScorePageEndpoint(ScoreCache cache)
{
    public async Task<IResult> GetAsync(CancellationToken cancellationToken) => (await cache.GetAsync(cancellationToken)).Page;

    /// <summary>The last comments shown on the page.</summary>
    public const int CommentsShown = 10;

    /// <param name="language">The page's language: <c>Csat__DefaultLocale</c>.</param>
    /// <param name="verifyUrl">The ledger's verify page, when the API's page knows where the static files are.</param>
    /// <param name="asFiles">For the published static files, where the JSON, badge and verify page sit beside the page.</param>
    public static string Render(ScoreDocument document, CommentsDocument comments, Language language, string? verifyUrl, bool asFiles = false)
    {
        var month = document.Windows.Last30Days;
        var body = new StringBuilder();
        body.Append("<p class=\"headline\"><strong>")
            .Append(HtmlPage.Encode(month.Rated == 0 ? language.Text("page.noRatings") : document.Shows(month) ? ScoreBadge.Percent(month.SatisfactionPercent!.Value) : language.Text("page.notEnough")))
            .Append("</strong></p><p>")
            .Append(HtmlPage.Encode(month.Rated == 0
                ? language.Plural("page.noneRated", month.Surveyed, ("surveyed", month.Surveyed))
                : document.Shows(month)
                    ? language.Plural("page.shareOf", month.Rated, ("rated", month.Rated))
                    : language.Plural("page.soFar", month.Rated, ("rated", month.Rated), ("minimum", document.MinimumRatedToShow))))
            .Append("</p>");

        body.Append("<table><thead><tr>");
        foreach (var heading in new[] { "page.period", "page.surveyed", "page.rated", "choice.excellent", "choice.satisfactory", "choice.unsatisfactory", "page.satisfied", "page.responseRate", "page.delivered", "page.undeliverable", "page.responseRateDelivered" })
        {
            body.Append("<th>").Append(HtmlPage.Encode(language.Text(heading))).Append("</th>");
        }

        body.Append("</tr></thead><tbody>");
        foreach (var name in ScoreWindowName.All)
        {
            var window = ScoreWindowName.Pick(document.Windows, name)!;
            var satisfied = document.Shows(window) || window.Rated == 0 ? Show(window.SatisfactionPercent) : HtmlPage.Encode(language.Text("page.notYet"));
            body.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{HtmlPage.Encode(language.Text("page.window." + name))}</th><td>{language.Number(window.Surveyed)}</td><td>{language.Number(window.Rated)}</td><td>{language.Number(window.Excellent)}</td><td>{language.Number(window.Satisfactory)}</td><td>{language.Number(window.Unsatisfactory)}</td><td>{satisfied}</td><td>{Show(window.ResponseRatePercent)}</td><td>{language.Number(window.Delivered)}</td><td>{language.Number(window.Undeliverable)}</td><td>{Show(window.ResponseRateOfDeliveredPercent)}</td></tr>");
        }

        body.Append("</tbody></table>")
            .Append("<h2>").Append(HtmlPage.Encode(language.Text("page.byMonth"))).Append("</h2>").Append(ScoreGraph.Render(document, language.Text("page.graphTitle")))
            .Append(Comments(comments, language))
            .Append("<h2>").Append(HtmlPage.Encode(language.Text("page.howWeMeasure"))).Append("</h2>")
            .Append("<p>").Append(HtmlPage.Encode(language.Text("page.method", ("minimum", document.MinimumRatedToShow)))).Append("</p>")
            .Append("<p class=\"note\">").Append(HtmlPage.Encode(language.Text("page.updated", ("time", document.GeneratedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)))))
            .Append(" · <a href=\"").Append(asFiles ? "score.json" : "../score").Append("\">").Append(HtmlPage.Encode(language.Text("page.json"))).Append("</a>")
            .Append(" · <a href=\"badge.svg\">").Append(HtmlPage.Encode(language.Text("page.badge"))).Append("</a>");
        if ((asFiles ? "verify.html" : verifyUrl) is { } verify)
        {
            body.Append(" · <a href=\"").Append(HtmlPage.Encode(verify)).Append("\">").Append(HtmlPage.Encode(language.Text("page.verify"))).Append("</a>");
        }

        body.Append("</p>");

        return HtmlPage.Html(language.Text("page.title"), document.Company, body.ToString(), lang: language.Code);
    }

    /// <summary>What customers wrote, whatever their rating, and how many comments were removed and why.</summary>
    private static string Comments(CommentsDocument comments, Language language)
    {
        var html = new StringBuilder("<h2>").Append(HtmlPage.Encode(language.Text("page.comments"))).Append("</h2>");
        if (comments.Comments.Count == 0)
        {
            html.Append("<p class=\"note\">").Append(HtmlPage.Encode(language.Text("page.noComments"))).Append("</p>");
        }

        foreach (var comment in comments.Comments.Take(CommentsShown))
        {
            html.Append(comment.Removed is { } reason
                ? $"<blockquote class=\"note\">{HtmlPage.Encode(language.Text("page.commentRemoved", ("reason", Reason(reason, language)), ("month", comment.Month)))}</blockquote>"
                : $"<blockquote><p>{HtmlPage.Encode(comment.Comment!)}</p><footer>{HtmlPage.Encode(language.Text("page.commentBy", ("author", comment.Author ?? language.Text("page.someCustomer")), ("month", comment.Month), ("rating", Rating(comment.Rating!, language))))}</footer></blockquote>");
        }

        var removed = comments.RemovedByReason.Where(r => r.Value > 0).ToList();
        html.Append("<p class=\"note\">").Append(HtmlPage.Encode(language.Text("page.everyComment"))).Append(' ')
            .Append(HtmlPage.Encode(removed.Count == 0
                ? language.Text("page.noneRemoved")
                : language.Text("page.removedSoFar", ("reasons", string.Join(", ", removed.Select(r => language.Text("page.removedFor", ("count", r.Value), ("reason", Reason(r.Key, language)))))))))
            .Append("</p>");
        return html.ToString();
    }

    private static string Reason(string reason, Language language) => language.Has("page.reason." + reason) ? language.Text("page.reason." + reason) : reason;

    private static string Rating(string rating, Language language) => language.Has("choice." + rating) ? language.Text("choice." + rating).ToLowerInvariant() : rating;

    private static string Show(decimal? percent) => percent is { } value ? ScoreBadge.Percent(value) : "–";
}
