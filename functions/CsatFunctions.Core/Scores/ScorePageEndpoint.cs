using System.Globalization;
using System.Text;
using CsatFunctions.Languages;
using CsatFunctions.Ratings.Comments;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Scores;

/// <summary>
/// <c>GET /api/score/page</c>: the published score for people, in the order they read it: the headline
/// figure and what it rests on, the monthly graph, each window's figures (counts, response rates), the
/// comments and the method in plain words. Emails link here, so it reads on a phone from 320 px wide.
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

        body.Append("<h2>").Append(HtmlPage.Encode(language.Text("page.byMonth"))).Append("</h2>").Append(ScoreGraph.Render(document, language))
            .Append("<h2>").Append(HtmlPage.Encode(language.Text("page.details"))).Append("</h2>").Append(Details(document, language))
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

        return HtmlPage.Html(language.Text("page.title"), document.Company, body.ToString(), lang: language.Code, style: Style);
    }

    /// <summary>
    /// The page's own styles: below 40rem the details table, too wide for a phone, becomes one block per
    /// figure, each period's value on its own line labelled with the period (its data-label), the blocks
    /// two abreast from 22rem; a label may wrap, a value ("12 345", "not yet") does not.
    /// </summary>
    private const string Style =
        ScoreGraph.Style +
        "table.details thead th{vertical-align:bottom}" +
        "@media (max-width:40rem){table.details thead{display:none}table.details,table.details tbody,table.details tr,table.details th,table.details td{display:block}" +
        "table.details tr{padding:.5rem 0;border-bottom:1px solid #e3e6ea}table.details th,table.details td{border:0;padding:.15rem 0}" +
        "table.details td{display:flex;justify-content:space-between;gap:1rem;white-space:nowrap}table.details td::before{content:attr(data-label);color:#5a6270;text-align:left;white-space:normal}}" +
        "@media (min-width:22rem) and (max-width:40rem){table.details tbody{display:grid;grid-template-columns:1fr 1fr;column-gap:1.25rem}}" +
        "blockquote{margin:1rem 0;padding-left:1rem;border-left:3px solid #e3e6ea}blockquote p{margin:0 0 .25rem}blockquote footer{color:#5a6270;font-size:.85rem}";

    /// <summary>
    /// Each figure of each window: a row per figure and a column per period, which fits a desktop's
    /// width (a column per figure, eleven of them, did not); on a phone <see cref="Style"/> stacks it.
    /// </summary>
    private static string Details(ScoreDocument document, Language language)
    {
        var windows = ScoreWindowName.All.Select(name => (Label: HtmlPage.Encode(language.Text("page.window." + name)), Window: ScoreWindowName.Pick(document.Windows, name)!)).ToList();
        var html = new StringBuilder("<table class=\"details\"><thead><tr><th scope=\"col\">").Append(HtmlPage.Encode(language.Text("page.period"))).Append("</th>");
        foreach (var (label, _) in windows)
        {
            html.Append("<th scope=\"col\">").Append(label).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        (string Key, Func<ScoreWindow, string> Value)[] figures =
        [
            ("page.surveyed", w => language.Number(w.Surveyed)),
            ("page.rated", w => language.Number(w.Rated)),
            ("choice.excellent", w => language.Number(w.Excellent)),
            ("choice.satisfactory", w => language.Number(w.Satisfactory)),
            ("choice.unsatisfactory", w => language.Number(w.Unsatisfactory)),
            ("page.satisfied", w => document.Shows(w) || w.Rated == 0 ? Show(w.SatisfactionPercent) : HtmlPage.Encode(language.Text("page.notYet"))),
            ("page.responseRate", w => Show(w.ResponseRatePercent)),
            ("page.delivered", w => language.Number(w.Delivered)),
            ("page.undeliverable", w => language.Number(w.Undeliverable)),
            ("page.responseRateDelivered", w => Show(w.ResponseRateOfDeliveredPercent)),
        ];
        foreach (var (key, value) in figures)
        {
            html.Append("<tr><th scope=\"row\">").Append(HtmlPage.Encode(language.Text(key))).Append("</th>");
            foreach (var (label, window) in windows)
            {
                html.Append("<td data-label=\"").Append(label).Append("\">").Append(value(window)).Append("</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
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
