using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CsatFunctions.Helpdesks.Notes;

namespace CsatFunctions.Helpdesks.Zammad;

/// <summary>
/// Writes an answer to a Zammad ticket as an internal note article (<c>POST /api/v1/ticket_articles</c>,
/// <c>type</c> note, <c>internal</c> true, HTML), and finds it again in the ticket's articles
/// (<c>GET /api/v1/ticket_articles/by_ticket/{id}</c>, which Zammad answers whole). Every call carries
/// the access token as <c>Authorization: Token token=…</c>. Zammad takes no idempotency key.
/// </summary>
public sealed class ZammadNotes : HelpdeskNoteWriter
{
    public override IReadOnlyList<string> Credentials { get; } = [ZammadFormat.ApiToken];

    public override IReadOnlyList<string> BottomSettings { get; } = [ZammadFormat.BottomState, ZammadFormat.BottomTag];

    public override async Task<bool> ExistsAsync(HelpdeskNote note, HelpdeskCall call, CancellationToken cancellationToken)
    {
        using var request = Request(call.Config, HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"api/v1/ticket_articles/by_ticket/{TicketId(note)}"), null);
        using var document = await call.ReadJsonAsync(request, cancellationToken)
            ?? throw new HelpdeskApiException(call.Config.Helpdesk, HttpStatusCode.NotFound, null);
        var encodedMarker = WebUtility.HtmlEncode(note.Marker);
        return document.RootElement.ValueKind == JsonValueKind.Array
            && document.RootElement.EnumerateArray().Any(article => HelpdeskFormat.Text(article, "body") is { } body
                && (body.Contains(note.Marker, StringComparison.Ordinal) || body.Contains(encodedMarker, StringComparison.Ordinal)));
    }

    public override async Task WriteAsync(HelpdeskNote note, HelpdeskCall call, CancellationToken cancellationToken)
    {
        var id = TicketId(note);
        var body = JsonRequestBody.Of(json =>
        {
            json.WriteStartObject();
            json.WriteNumber("ticket_id", id);
            json.WriteString("body", note.Html.ToString());
            json.WriteString("content_type", "text/html");
            json.WriteString("type", "note");
            json.WriteBoolean("internal", true);
            json.WriteEndObject();
        });
        using var request = Request(call.Config, HttpMethod.Post, "api/v1/ticket_articles", body);
        await call.SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// <c>PUT /api/v1/tickets/{id}</c> with <c>{"state": BottomState}</c> (a state's name), then
    /// <c>POST /api/v1/tags/add</c> with <c>BottomTag</c>; each only when configured. Zammad adds a tag
    /// a ticket already has without complaint, so setting both again changes nothing.
    /// </summary>
    public override async Task MarkBottomAsync(HelpdeskNote note, HelpdeskCall call, CancellationToken cancellationToken)
    {
        var id = TicketId(note);
        if (call.Config[ZammadFormat.BottomState] is { } state)
        {
            var body = JsonRequestBody.Of(json =>
            {
                json.WriteStartObject();
                json.WriteString("state", state);
                json.WriteEndObject();
            });
            using var request = Request(call.Config, HttpMethod.Put, string.Create(CultureInfo.InvariantCulture, $"api/v1/tickets/{id}"), body);
            await call.SendAsync(request, cancellationToken);
        }

        if (call.Config[ZammadFormat.BottomTag] is { } tag)
        {
            var body = JsonRequestBody.Of(json =>
            {
                json.WriteStartObject();
                json.WriteString("object", "Ticket");
                json.WriteNumber("o_id", id);
                json.WriteString("item", tag);
                json.WriteEndObject();
            });
            using var request = Request(call.Config, HttpMethod.Post, "api/v1/tags/add", body);
            await call.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>A request to <c>{ApiUrl}/{path}</c>: <c>ApiUrl</c> is Zammad's own address, the API's paths start at <c>api/v1</c>.</summary>
    private static HttpRequestMessage Request(HelpdeskConfig config, HttpMethod method, string path, HttpContent? body)
    {
        var request = new HttpRequestMessage(method, new Uri(config.Url(ApiCredentials.ApiUrl)!, path)) { Content = body };
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", "token=" + config[ZammadFormat.ApiToken]);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private static long TicketId(HelpdeskNote note) => JsonRequestBody.NumericId("zammad", note.TicketId);
}
