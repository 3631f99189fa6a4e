using System.Globalization;
using System.Text;
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

    /// <param name="asFiles">For the published static files, where the JSON and badge sit beside the page.</param>
    public static string Render(ScoreDocument document, CommentsDocument comments, bool asFiles = false)
    {

        var month = document.Windows.Last30Days;
        var body = new StringBuilder();
        body.Append("<p class=\"headline\"><strong>")
            .Append(month.Rated == 0 ? "No ratings yet" : document.Shows(month) ? ScoreBadge.Percent(month.SatisfactionPercent!.Value) : "Not enough ratings yet")
            .Append("</strong></p><p>")
            .Append(month.Rated == 0
                ? $"None of the {month.Surveyed} tickets resolved in the last 30 days has been rated yet."
                : document.Shows(month)
                    ? $"of the {month.Rated} rated tickets resolved in the last 30 days were rated excellent or satisfactory."
                    : $"{ScoreBadge.Ratings(month.Rated)} so far for tickets resolved in the last 30 days; we show the share once there are {document.MinimumRatedToShow}.")
            .Append("</p>");

        body.Append("<table><thead><tr><th>Period</th><th>Surveyed</th><th>Rated</th><th>Excellent</th><th>Satisfactory</th><th>Unsatisfactory</th><th>Satisfied</th><th>Response rate</th><th>Delivered</th><th>Undeliverable</th><th>Response rate of delivered</th></tr></thead><tbody>");
        foreach (var name in ScoreWindowName.All)
        {
            var window = ScoreWindowName.Pick(document.Windows, name)!;
            body.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{ScoreWindowName.Label(name)}</th><td>{window.Surveyed}</td><td>{window.Rated}</td><td>{window.Excellent}</td><td>{window.Satisfactory}</td><td>{window.Unsatisfactory}</td><td>{(document.Shows(window) || window.Rated == 0 ? Show(window.SatisfactionPercent) : "not yet")}</td><td>{Show(window.ResponseRatePercent)}</td><td>{window.Delivered}</td><td>{window.Undeliverable}</td><td>{Show(window.ResponseRateOfDeliveredPercent)}</td></tr>");
        }

        body.Append("</tbody></table>")
            .Append("<h2>By month</h2>").Append(ScoreGraph.Render(document))
            .Append(Comments(comments))
            .Append("<h2>How we measure</h2>")
            .Append("<p>After every support ticket is resolved, whatever the channel (email, phone, chat or portal), the customer is asked once to rate the help: excellent, satisfactory or unsatisfactory. ")
            .Append("The figure is the share of rated tickets rated excellent or satisfactory; tickets nobody rated are left out of it, and the response rate says how many were rated. ")
            .Append("A ticket counts on the day it was resolved (UTC); a customer who changes their answer is counted once, with their latest answer. ")
            .Append("The response rate is the share of all resolved tickets that were rated, including those we could not ask (no email address, or the customer asked us not to write). ")
            .Append("The response rate of delivered is the share of the surveys our email service confirmed reached the customer's mailbox that were rated; surveys that bounced or could not be sent are counted as undeliverable, not as customers who chose not to answer. ")
            .Append(CultureInfo.InvariantCulture, $"A share is shown once a period has at least {document.MinimumRatedToShow} ratings: from fewer, a percentage says little.</p>")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"note\">Updated {document.GeneratedAt:yyyy-MM-dd HH:mm} UTC · <a href=\"{(asFiles ? "score.json" : "../score")}\">JSON</a> · <a href=\"badge.svg\">badge</a></p>");

        return HtmlPage.Html("Customer satisfaction", document.Company, body.ToString());
    }

    /// <summary>What customers wrote, whatever their rating, and how many comments were removed and why.</summary>
    private static string Comments(CommentsDocument comments)
    {
        var html = new StringBuilder("<h2>In our customers' words</h2>");
        if (comments.Comments.Count == 0)
        {
            html.Append("<p class=\"note\">No customer has yet allowed us to publish a comment.</p>");
        }

        foreach (var comment in comments.Comments.Take(CommentsShown))
        {
            html.Append(comment.Removed is { } reason
                ? $"<blockquote class=\"note\">Comment removed ({HtmlPage.Encode(reason.Replace('-', ' '))}), {comment.Month}.</blockquote>"
                : $"<blockquote><p>{HtmlPage.Encode(comment.Comment!)}</p><footer>{HtmlPage.Encode(comment.Author!)}, {comment.Month}, rated {HtmlPage.Encode(comment.Rating!)}</footer></blockquote>");
        }

        var removed = comments.RemovedByReason.Values.Sum();
        html.Append("<p class=\"note\">Every comment a customer allows us to publish is shown, whatever its rating. ")
            .Append(removed == 0
                ? "None has been removed."
                : $"Removed so far, only for these reasons: {string.Join(", ", comments.RemovedByReason.Where(r => r.Value > 0).Select(r => $"{r.Value} for {r.Key.Replace('-', ' ')}"))}.")
            .Append("</p>");
        return html.ToString();
    }

    private static string Show(decimal? percent) => percent is { } value ? ScoreBadge.Percent(value) : "–";
}
