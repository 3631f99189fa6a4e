using CsatFunctions.Desk;
using CsatFunctions.Web;

namespace CsatFunctions.Clients;

/// <summary>The desk's part of a client report: a form to make a share link of the period shown, and the company's links, each with a button to revoke it. Never printed.</summary>
public static class ShareLinksSection
{
    /// <param name="csrf">The session's token for the forms; null shows no forms (a viewer).</param>
    public static Html Render(CsatOptions options, List<ShareLink> links, DayRange range, string? csrf, DateTimeOffset now)
    {
        var html = new HtmlBuilder().Append($"""<section id="share-links" class="no-print"><h2>Share links</h2>""");
        if (csrf is not null)
        {
            html.Append($"""<form method="post" action="share-links"><input type="hidden" name="{DeskSessions.CsrfField}" value="{csrf}">""")
                .Append($"""<input type="hidden" name="from" value="{range.From:yyyy-MM-dd}"><input type="hidden" name="to" value="{range.To:yyyy-MM-dd}">""")
                .Append($"""<p>A read-only link to this report ({range.From:yyyy-MM-dd} to {range.To:yyyy-MM-dd}) for the client, working for """)
                .Append($"""<input type="number" name="days" min="1" max="{ShareLinksEndpoint.MaxDays}" value="{(int)options.ShareLinkLifetime.TotalDays}" aria-label="Days"> days. <button type="submit">Make a share link</button></p></form>""");
        }

        if (links.Count == 0)
        {
            return html.Append($"""<p class="note">No share links made for this company yet.</p></section>""").ToHtml();
        }

        html.Append($"""<table><thead><tr><th class="text">Period</th><th class="text">Made</th><th class="text">Expires</th><th class="text">Status</th><th class="text"></th></tr></thead><tbody>""");
        foreach (var link in links)
        {
            var status = link.RevokedAt is not null ? "revoked" : now > link.ExpiresAt ? "expired" : "working";
            var revoke = csrf is null || status != "working" ? Html.Empty
                : Html.Of($"""<form class="inline" method="post" action="/api/admin/share-links/{link.Id}/revoke"><input type="hidden" name="{DeskSessions.CsrfField}" value="{csrf}"><button type="submit">Revoke</button></form>""");
            html.Append($"""<tr id="link-{link.Id}"><td class="text">{link.From:yyyy-MM-dd} to {link.To:yyyy-MM-dd}</td><td class="text">{link.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm}</td>""")
                .Append($"""<td class="text">{link.ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm}</td><td class="text">{status}</td><td class="text">{revoke}</td></tr>""");
        }

        return html.Append($"</tbody></table></section>").ToHtml();
    }
}
