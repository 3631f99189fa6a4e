using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
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
        using var request = Request(call.Config, HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"api/v1/ticket_articles/by_ticket/{TicketIds.Numeric(note, call)}"), null);
        using var document = await call.ReadJsonAsync(request, cancellationToken)
            ?? throw new HelpdeskApiException(call.Config.Helpdesk, HttpStatusCode.NotFound, null);
        return document.RootElement.ValueKind == JsonValueKind.Array
            && document.RootElement.EnumerateArray().Any(article => NoteBody.Carries(HelpdeskFormat.Text(article, "body"), note.Marker));
    }

    public override async Task WriteAsync(HelpdeskNote note, HelpdeskCall call, CancellationToken cancellationToken)
    {
        var body = NoteBody.Json(new JsonObject
        {
            ["ticket_id"] = TicketIds.Numeric(note, call),
            ["body"] = note.Html.ToString(),
            ["content_type"] = "text/html",
            ["type"] = "note",
            ["internal"] = true,
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
        var id = TicketIds.Numeric(note, call);
        if (call.Config[ZammadFormat.BottomState] is { } state)
        {
            var body = NoteBody.Json(new JsonObject { ["state"] = state });
            using var request = Request(call.Config, HttpMethod.Put, string.Create(CultureInfo.InvariantCulture, $"api/v1/tickets/{id}"), body);
            await call.SendAsync(request, cancellationToken);
        }

        if (call.Config[ZammadFormat.BottomTag] is { } tag)
        {
            var body = NoteBody.Json(new JsonObject { ["object"] = "Ticket", ["o_id"] = id, ["item"] = tag });
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
}
