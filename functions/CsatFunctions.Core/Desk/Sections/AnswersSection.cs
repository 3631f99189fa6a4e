using CsatFunctions.Surveys;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Desk.Sections;

/// <summary>The newest answers, with the filters, the CSV of them, a link to the older ones, and the team's tags on each.</summary>
public static class AnswersSection
{
    /// <param name="answers">Up to one more than <see cref="DeskReading.FeedRows"/>: the extra one says there are older answers.</param>
    /// <param name="csrf">The session's token for the tag forms; null shows no forms (a viewer).</param>
    /// <param name="tagsUsed">The tags used before, suggested in the tag fields.</param>
    public static Html Render(HttpRequest request, RatingsEndpoint.FeedQuery query, List<AnswerItem> answers, string? csrf, IEnumerable<string> tagsUsed)
    {
        var html = new HtmlBuilder().Append($"""<h2 id="answers">What customers said</h2>{Filters(request, query, tagsUsed)}""");
        if (answers.Count == 0)
        {
            return html.Append($"""<p class="note">No answers match.</p>""").ToHtml();
        }

        html.Append($"""<table><thead><tr><th class="text">Answered</th><th class="text">Rating</th><th class="text">Comment</th><th class="text">Agent</th><th class="text">Company</th><th class="text">Channel</th><th class="text">Ticket</th><th class="text">Customer</th><th class="text">Follow-up</th><th class="text">Tags</th></tr></thead><tbody>""");
        foreach (var item in answers.Take(DeskReading.FeedRows))
        {
            var followUp = item.FollowUp is { } status ? Html.Of($"""<a href="#followup-{item.SurveyId}">{status}</a>""") : Html.Empty;
            html.Append($"""<tr id="answer-{item.SurveyId}"><td class="text">{item.RatedAt.UtcDateTime:yyyy-MM-dd HH:mm}</td><td class="text">{(item.Score is { } score ? $"{item.Rating} ({score})" : item.Rating)}</td>""")
                .Append($"""<td class="text">{item.Comment}{Reasons(item)}</td><td class="text">{item.Agent}{SelfRated(item)}</td><td class="text">{item.Company}</td><td class="text">{item.Channel}</td>""")
                .Append($"""<td class="text">{DeskLinks.Ticket(item.Source, item.TicketId, item.TicketUrl)}</td><td class="text">{item.CustomerName ?? item.CustomerEmail}</td><td class="text">{followUp}</td><td class="text">{TagsCell.Render(item, csrf)}</td></tr>""");
        }

        html.Append($"</tbody></table>");
        if (answers.Count > DeskReading.FeedRows)
        {
            var last = answers[DeskReading.FeedRows - 1];
            var next = new FeedPosition(DateOnly.FromDateTime(last.ResolvedAt.UtcDateTime), last.RatedAt.UtcTicks, last.SurveyId).Token;
            html.Append($"""<p><a href="{DeskLinks.To(request, ("continuationToken", next))}#answers">Older answers</a></p>""");
        }

        return html.ToHtml();
    }

    /// <summary>The reasons ticked with the answer, as their slugs (the CSV's and the feed's words), under the comment.</summary>
    private static Html Reasons(AnswerItem item) =>
        item.Reasons.Count == 0 ? Html.Empty : Html.Of($"""<br><span class="note">Reasons: {string.Join(", ", item.Reasons)}</span>""");

    /// <summary>
    /// Marks an answer whose ticket's agent is the customer: staff rating their own ticket, or a test.
    /// The mark is text (read aloud like the rest of the cell), and its title says why it is there.
    /// </summary>
    private static Html SelfRated(AnswerItem item) => item.AgentIsCustomer
        ? Html.Of($"""<br><strong class="self-rated" title="The ticket's agent is the customer (the same name or email address): staff rating their own ticket, or a test.">self-rated</strong>""")
        : Html.Empty;

    private static Html Filters(HttpRequest request, RatingsEndpoint.FeedQuery query, IEnumerable<string> tagsUsed)
    {
        var filter = query.Filter;
        var ratings = Html.Join(new[] { Rating.Excellent, Rating.Satisfactory, Rating.Unsatisfactory }
            .Select(rating => Html.Of($"<option{(filter.Rating == rating ? " selected" : "")}>{rating.ToWire()}</option>")));
        return Html.Of($"""<form method="get" action="desk#answers"><p>""" +
            $"""<input type="hidden" name="from" value="{query.Range.From:yyyy-MM-dd}"><input type="hidden" name="to" value="{query.Range.To:yyyy-MM-dd}">""" +
            $"""<label>Rating <select name="rating"><option value="">any</option>{ratings}</select></label> <label>Agent <input name="agent" value="{filter.Agent}"></label> """ +
            $"""<label>Company <input name="company" value="{filter.Company}"></label> """ +
            $"""<label>Tag <input name="tag" list="{TagsCell.SuggestionsId}" value="{filter.Tag}"></label> """ +
            $"""<label>Comment <select name="withComment"><option value="">any</option><option value="true"{(filter.WithComment == true ? " selected" : "")}>with</option>""" +
            $"""<option value="false"{(filter.WithComment == false ? " selected" : "")}>without</option></select></label> """ +
            $"""<button type="submit">Filter</button> <a href="ratings.csv{DeskLinks.Query(request, ("continuationToken", null), ("sort", null))}">Download CSV</a></p>{TagsCell.Suggestions(tagsUsed)}</form>""");
    }
}
