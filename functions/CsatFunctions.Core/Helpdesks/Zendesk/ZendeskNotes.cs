using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CsatFunctions.Helpdesks.Notes;

namespace CsatFunctions.Helpdesks.Zendesk;

/// <summary>
/// Writes an answer to a Zendesk ticket as a private comment (Update Ticket:
/// <c>PUT /api/v2/tickets/{id}.json</c> with <c>{"ticket":{"comment":{"html_body":…,"public":false}}}</c>),
/// finds it again in the ticket's comments (<c>GET /api/v2/tickets/{id}/comments.json</c>, cursor
/// pagination), and on a bottom answer sets <c>BottomStatus</c> (Update Ticket's <c>status</c>) and adds
/// <c>BottomTag</c> (Add Tags: <c>PUT /api/v2/tickets/{id}/tags.json</c>, which keeps the ticket's other
/// tags). Authenticated as Zendesk's API token auth asks: Basic <c>{ApiUser}/token:{ApiToken}</c>.
/// </summary>
public sealed class ZendeskNotes : HelpdeskNoteWriter
{
    public const string ApiUser = "ApiUser";
    public const string ApiToken = "ApiToken";
    public const string BottomStatus = "BottomStatus";
    public const string BottomTag = "BottomTag";

    /// <summary>Zendesk's documented largest <c>page[size]</c>; pages past this many are not read.</summary>
    private const int PageSize = 100;
    private const int MostPages = 50;

    public override IReadOnlyList<string> Credentials { get; } = [ApiUser, ApiToken];

    public override IReadOnlyList<string> BottomSettings { get; } = [BottomStatus, BottomTag];

    /// <summary>
    /// Zendesk's Update Ticket endpoint allows 100 requests a minute per account (the plan's general
    /// limit is 200 to 700): 1.5 notes a second leaves room for the team's own apps.
    /// </summary>
    public override double DefaultNotesPerSecond => 1.5;

    public override async Task<bool> ExistsAsync(HelpdeskNote note, HelpdeskCall call, CancellationToken cancellationToken)
    {
        string? after = null;
        for (var page = 0; page < MostPages; page++)
        {
            var path = $"api/v2/tickets/{Uri.EscapeDataString(note.TicketId)}/comments.json?page[size]={PageSize}" + (after is null ? "" : $"&page[after]={Uri.EscapeDataString(after)}");
            using var document = await call.ReadJsonAsync(Request(HttpMethod.Get, call, path), cancellationToken)
                ?? throw new HelpdeskApiException(call.Config.Helpdesk, System.Net.HttpStatusCode.NotFound, null);
            var root = document.RootElement;
            if (root.TryGetProperty("comments", out var comments) && comments.ValueKind == JsonValueKind.Array
                && comments.EnumerateArray().Any(comment => new[] { "body", "plain_body", "html_body" }.Any(field => HelpdeskFormat.Text(comment, field)?.Contains(note.Marker, StringComparison.Ordinal) == true)))
            {
                return true;
            }

            // The next page is asked for by its cursor on the configured site, never by the URL Zendesk links to.
            after = HelpdeskFormat.Text(root, "meta", "after_cursor");
            if (root.TryGetProperty("meta", out var meta) && meta.TryGetProperty("has_more", out var more) && more.ValueKind == JsonValueKind.True && after is not null)
            {
                continue;
            }

            return false;
        }

        return false;
    }

    public override Task WriteAsync(HelpdeskNote note, HelpdeskCall call, CancellationToken cancellationToken) =>
        call.SendAsync(
            Request(HttpMethod.Put, call, $"api/v2/tickets/{Uri.EscapeDataString(note.TicketId)}.json", JsonContent.Create(
                new ZendeskTicketUpdate(new ZendeskTicketChange(new ZendeskComment(note.Html.ToString(), Public: false), null)),
                CsatJson.Default.ZendeskTicketUpdate)),
            cancellationToken);

    public override async Task MarkBottomAsync(HelpdeskNote note, HelpdeskCall call, CancellationToken cancellationToken)
    {
        var ticket = Uri.EscapeDataString(note.TicketId);
        if (call.Config[BottomStatus] is { } status)
        {
            await call.SendAsync(
                Request(HttpMethod.Put, call, $"api/v2/tickets/{ticket}.json", JsonContent.Create(new ZendeskTicketUpdate(new ZendeskTicketChange(null, status)), CsatJson.Default.ZendeskTicketUpdate)),
                cancellationToken);
        }

        if (call.Config[BottomTag] is { } tag)
        {
            await call.SendAsync(
                Request(HttpMethod.Put, call, $"api/v2/tickets/{ticket}/tags.json", JsonContent.Create(new ZendeskTags([tag]), CsatJson.Default.ZendeskTags)),
                cancellationToken);
        }
    }

    private static HttpRequestMessage Request(HttpMethod method, HelpdeskCall call, string path, HttpContent? content = null)
    {
        var api = call.Config.Url(ApiCredentials.ApiUrl) ?? throw new InvalidOperationException("zendesk's ApiUrl is not set.");
        var request = new HttpRequestMessage(method, new Uri(api, path)) { Content = content };
        var credentials = Encoding.UTF8.GetBytes($"{call.Config[ApiUser]}/token:{call.Config[ApiToken]}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(credentials));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }
}
