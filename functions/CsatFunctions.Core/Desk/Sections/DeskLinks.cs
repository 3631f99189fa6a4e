using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace CsatFunctions.Desk.Sections;

/// <summary>Where the desk's links lead: this page with some query values changed, and a ticket in its helpdesk.</summary>
public static class DeskLinks
{
    /// <summary>This page with some query values changed (null removes one).</summary>
    public static string To(HttpRequest request, params (string Key, string? Value)[] changes) => "desk" + Query(request, changes);

    /// <summary>This page's query string with some values changed (null removes one), empty when none is left.</summary>
    public static string Query(HttpRequest request, params (string Key, string? Value)[] changes)
    {
        var values = request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
        foreach (var (key, value) in changes)
        {
            values[key] = value;
        }

        return QueryHelpers.AddQueryString("", values.Where(v => !string.IsNullOrEmpty(v.Value)));
    }

    /// <summary>A ticket by its helpdesk and id, a link when the helpdesk has an address for it.</summary>
    public static Html Ticket(string source, string ticketId, Uri? url) =>
        url is null ? Html.Of($"{source} {ticketId}") : Html.Of($"""<a href="{url.AbsoluteUri}" rel="noreferrer">{source} {ticketId}</a>""");
}
