using CsatFunctions.Helpdesks;
using CsatFunctions.Helpdesks.Notes;
using CsatFunctions.Web;

namespace CsatFunctions.Tests.Helpdesks;

/// <summary>An answer's note as the <c>helpdesk-notes</c> step hands it to a writer, and the call a writer makes it through, for the writers' own tests.</summary>
public static class AnsweredNote
{
    /// <summary>The comment a customer wrote, with characters a careless writer would break (markup, quotes, an ampersand).</summary>
    public const string Comment = "Fixed in <b>minutes</b> & \"no fuss\"";

    /// <summary>A note for <paramref name="ticketId"/>: a bad rating, the comment, and the marker naming answer version <paramref name="version"/>.</summary>
    public static HelpdeskNote For(string ticketId, string version = "s-7f3a.638712345678900000", bool atBottom = false)
    {
        var marker = $"csat-answer:{version}";
        var rating = atBottom ? "Bad" : "Good";
        return new HelpdeskNote(
            ticketId,
            marker,
            $"Customer rating: {rating}\nComment: {Comment}\n{marker}",
            Html.Of($"<p>Customer rating: {rating}</p><p>Comment: {Comment}</p><p>{marker}</p>"),
            $"Customer rating: *{rating}*\nComment:\n{{noformat}}{Comment}{{noformat}}\n{marker}",
            atBottom);
    }

    /// <summary>A call as the pipeline makes it: helpdesk <paramref name="helpdesk"/>'s settings and a plain HTTP client, over real HTTP.</summary>
    public static HelpdeskCall Call(string helpdesk, HttpClient http, params (string Setting, string? Value)[] settings) =>
        new(
            new HelpdeskConfig(helpdesk, settings.Where(s => s.Value is not null).ToDictionary(s => s.Setting, s => s.Value!, StringComparer.OrdinalIgnoreCase)),
            http,
            TimeProvider.System);
}
