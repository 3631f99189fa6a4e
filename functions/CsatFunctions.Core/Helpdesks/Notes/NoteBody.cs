using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace CsatFunctions.Helpdesks.Notes;

/// <summary>What the note writers share about a note on the wire: the JSON they send, and the marker in what the helpdesk gives back.</summary>
public static class NoteBody
{
    /// <summary>
    /// A request's JSON content. A vendor's body is a few fields in the names it documents, built as a
    /// <see cref="JsonObject"/> (or a <see cref="JsonArray"/> of them, for the APIs that take one), which
    /// reads as the vendor's JSON and writes itself without serializer metadata.
    /// </summary>
    public static HttpContent Json(JsonNode body) => new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>Whether a note's body, as the helpdesk gives it back, carries <paramref name="marker"/>: as written, or HTML-encoded by a helpdesk that keeps notes as HTML.</summary>
    public static bool Carries(string? body, string marker) =>
        body is not null && (body.Contains(marker, StringComparison.Ordinal) || body.Contains(WebUtility.HtmlEncode(marker), StringComparison.Ordinal));
}
