using CsatFunctions.Scores.Comments;
using CsatFunctions.Web;

namespace CsatFunctions.Desk.Sections;

/// <summary>The comments customers allowed us to publish, as the public sees them, with the only ways to remove one.</summary>
public static class CommentsSection
{
    /// <param name="csrf">The session's token for the forms; null shows no forms (a viewer).</param>
    public static Html Render(List<ConsentedComment> consented, string? csrf)
    {
        var html = new HtmlBuilder()
            .Append($"""<h2 id="comments">Published comments</h2><p class="note">Published whatever their rating; removed only for personal data, abuse or spam, and the public page counts removals by reason. Changes show at the next refresh.</p>""");
        if (consented.Count == 0)
        {
            return html.Append($"""<p class="note">No customer has allowed us to publish a comment yet.</p>""").ToHtml();
        }

        html.Append($"""<table><thead><tr><th class="text">Answered</th><th class="text">Rating</th><th class="text">Comment</th><th class="text">Author</th><th class="text">Shown</th></tr></thead><tbody>""");
        var hidden = csrf is null ? Html.Empty : Html.Of($"""<input type="hidden" name="{DeskSessions.CsrfField}" value="{csrf}">""");
        var reasons = Html.Join(CommentTable.RemovalReasons.Select(reason => Html.Of($"<option>{reason}</option>")));
        foreach (var comment in consented)
        {
            html.Append($"""<tr><td class="text">{comment.RatedAt.UtcDateTime:yyyy-MM-dd HH:mm}</td><td class="text">{comment.Rating}</td><td class="text">{comment.Comment}</td>""")
                .Append($"""<td class="text">{comment.Author ?? "(no name)"}</td><td class="text">""");
            if (comment.RemovedBecause is { } reason)
            {
                html.Append($"removed: {reason}");
                if (csrf is not null)
                {
                    html.Append($""" <form class="inline" method="post" action="comments/{comment.SurveyId}/restore">{hidden}<button type="submit">Restore</button></form>""");
                }
            }
            else
            {
                html.Append($"yes");
                if (csrf is not null)
                {
                    html.Append($""" <form class="inline" method="post" action="comments/{comment.SurveyId}/remove">{hidden}<select name="reason" aria-label="Reason">{reasons}</select> <button type="submit">Remove</button></form>""");
                }
            }

            html.Append($"</td></tr>");
        }

        return html.Append($"</tbody></table>").ToHtml();
    }
}
