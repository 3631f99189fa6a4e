using System.Globalization;
using CsatFunctions.Languages;
using CsatFunctions.Scores.Comments;
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
        var headline = month.Rated == 0 ? language.Text("page.noRatings") : document.Shows(month) ? ScoreBadge.Percent(month.SatisfactionPercent!.Value) : language.Text("page.notEnough");
        var restsOn = month.Rated == 0
            ? language.Plural("page.noneRated", month.Surveyed, ("surveyed", month.Surveyed))
            : document.Shows(month)
                ? language.Plural("page.shareOf", month.Rated, ("rated", month.Rated))
                : language.Plural("page.soFar", month.Rated, ("rated", month.Rated), ("minimum", document.MinimumRatedToShow));
        var verify = (asFiles ? "verify.html" : verifyUrl) is { } verifyPage ? Html.Of($""" · <a href="{verifyPage}">{language.Text("page.verify")}</a>""") : Html.Empty;
        var body = Html.Of($"""<p class="headline"><strong>{headline}</strong></p><p>{restsOn}</p>""" +
            $"<h2>{language.Text("page.byMonth")}</h2>{ScoreGraph.Render(document, language)}<h2>{language.Text("page.details")}</h2>{Details(document, language)}{Comments(comments, language)}" +
            $"<h2>{language.Text("page.howWeMeasure")}</h2><p>{language.Text("page.method", ("minimum", document.MinimumRatedToShow))}</p>" +
            $"""<p class="note">{language.Text("page.updated", ("time", document.GeneratedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)))}""" +
            $""" · <a href="{(asFiles ? "score.json" : "../score")}">{language.Text("page.json")}</a> · <a href="badge.svg">{language.Text("page.badge")}</a>{verify}""" +
            $""" · <a href="{(asFiles ? "policy.html" : "policy")}">{language.Text("policy.link")}</a></p>""");

        return HtmlPage.Document(language.Text("page.title"), document.Company, body, lang: language.Code, style: Style);
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
    private static Html Details(ScoreDocument document, Language language)
    {
        var windows = ScoreWindowName.All.Select(name => (Label: language.Text("page.window." + name), Window: ScoreWindowName.Pick(document.Windows, name)!)).ToList();
        (string Key, Func<ScoreWindow, string> Value)[] figures =
        [
            ("page.surveyed", w => language.Number(w.Surveyed)),
            ("page.rated", w => language.Number(w.Rated)),
            ("choice.excellent", w => language.Number(w.Excellent)),
            ("choice.satisfactory", w => language.Number(w.Satisfactory)),
            ("choice.unsatisfactory", w => language.Number(w.Unsatisfactory)),
            ("page.satisfied", w => document.Shows(w) || w.Rated == 0 ? Show(w.SatisfactionPercent) : language.Text("page.notYet")),
            ("page.responseRate", w => Show(w.ResponseRatePercent)),
            ("page.delivered", w => language.Number(w.Delivered)),
            ("page.undeliverable", w => language.Number(w.Undeliverable)),
            ("page.responseRateDelivered", w => Show(w.ResponseRateOfDeliveredPercent)),
        ];
        var head = Html.Join(windows.Select(w => Html.Of($"""<th scope="col">{w.Label}</th>""")));
        var rows = Html.Join(figures.Select(figure => Html.Of(
            $"""<tr><th scope="row">{language.Text(figure.Key)}</th>{Html.Join(windows.Select(w => Html.Of($"""<td data-label="{w.Label}">{figure.Value(w.Window)}</td>""")))}</tr>""")));
        return Html.Of($"""<table class="details"><thead><tr><th scope="col">{language.Text("page.period")}</th>{head}</tr></thead><tbody>{rows}</tbody></table>""");
    }

    /// <summary>What customers wrote, whatever their rating, and how many comments were removed and why.</summary>
    private static Html Comments(CommentsDocument comments, Language language)
    {
        var shown = Html.Join(comments.Comments.Take(CommentsShown).Select(comment => comment.Removed is { } reason
            ? Html.Of($"""<blockquote class="note">{language.Text("page.commentRemoved", ("reason", Reason(reason, language)), ("month", comment.Month))}</blockquote>""")
            : Html.Of($"<blockquote><p>{comment.Comment}</p><footer>{language.Text("page.commentBy", ("author", comment.Author ?? language.Text("page.someCustomer")), ("month", comment.Month), ("rating", Rating(comment.Rating!, language)))}</footer></blockquote>")));
        var none = comments.Comments.Count == 0 ? Html.Of($"""<p class="note">{language.Text("page.noComments")}</p>""") : Html.Empty;
        var removed = comments.RemovedByReason.Where(r => r.Value > 0).ToList();
        var removals = removed.Count == 0
            ? language.Text("page.noneRemoved")
            : language.Text("page.removedAmongHeld", ("reasons", string.Join(", ", removed.Select(r => language.Text("page.removedFor", ("count", r.Value), ("reason", Reason(r.Key, language)))))));
        return Html.Of($"""<h2>{language.Text("page.comments")}</h2>{none}{shown}<p class="note">{language.Text("page.everyComment")} {removals}</p>""");
    }

    private static string Reason(string reason, Language language) => language.Has("page.reason." + reason) ? language.Text("page.reason." + reason) : reason;

    private static string Rating(string rating, Language language) => language.Has("choice." + rating) ? language.Text("choice." + rating).ToLowerInvariant() : rating;

    private static string Show(decimal? percent) => percent is { } value ? ScoreBadge.Percent(value) : "–";
}
