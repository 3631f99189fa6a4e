using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsatFunctions.Helpdesks.Notes;

namespace CsatFunctions.Helpdesks.HelpScout;

/// <summary>
/// Writes an answer as a note thread on its Help Scout conversation (Inbox API 2.0): notes are seen by
/// the team only. <c>POST /v2/conversations/{id}/notes</c> <c>{"text": …}</c> answers 201 with the
/// thread's <c>Resource-ID</c>; the threads are read back with <c>GET /v2/conversations/{id}/threads</c>
/// (HAL, <c>_embedded.threads</c>, paged by <c>page</c> up to <c>page.totalPages</c>). Help Scout has
/// no idempotency key: the pipeline's claim and <see cref="ExistsAsync"/> keep a note single. Every
/// call carries a bearer token from <see cref="HelpScoutTokens"/>; one the API refuses (401) is
/// renewed once and the call made again.
/// </summary>
public sealed class HelpScoutNotes : HelpdeskNoteWriter
{
    public const string ClientId = "ClientId";
    public const string ClientSecret = "ClientSecret";

    /// <summary>The status a bottom answer's conversation is set to: <c>active</c>, <c>pending</c> or <c>closed</c>.</summary>
    public const string BottomStatus = "BottomStatus";

    /// <summary>A tag a bottom answer's conversation gets, beside the tags it has.</summary>
    public const string BottomTag = "BottomTag";

    /// <summary>The statuses Help Scout's <c>PATCH /v2/conversations/{id}</c> takes for <c>/status</c>.</summary>
    public static readonly IReadOnlyList<string> Statuses = ["active", "pending", "closed"];

    /// <summary>Help Scout's API, where <c>ApiUrl</c> is unset.</summary>
    public static readonly Uri DefaultApi = new("https://api.helpscout.net/");

    private readonly HelpScoutTokens tokens = new();

    public override IReadOnlyList<string> Credentials => [ClientId, ClientSecret];

    public override bool NeedsApiUrl => false;

    public override IReadOnlyList<string> BottomSettings => [BottomStatus, BottomTag];

    /// <summary>
    /// Help Scout allows 200 calls a minute on its smallest paid plan (Standard), for the whole account,
    /// and counts a write twice (https://developer.helpscout.com/mailbox-api/overview/rate-limiting/,
    /// https://docs.helpscout.com/article/1140-mailbox-api): 0.8 notes a second, 48 a minute, spends 96
    /// of the 200, under half, leaving the rest to the team's own apps.
    /// </summary>
    public override double DefaultNotesPerSecond => 0.8;

    /// <summary>The API's root: <c>ApiUrl</c> (tests and drills point it at a stub), else Help Scout's.</summary>
    public static Uri ApiOf(HelpdeskConfig config) => config.Url(ApiCredentials.ApiUrl) ?? DefaultApi;

    public override async Task<bool> ExistsAsync(HelpdeskNote note, HelpdeskCall call, CancellationToken cancellationToken)
    {
        var conversation = TicketIds.Numeric(note, call);
        for (var page = 1; ; page++)
        {
            using var answer = await ReadAsync(call, $"v2/conversations/{conversation}/threads?page={page}", cancellationToken);
            var root = answer.RootElement;
            if (root.TryGetProperty("_embedded", out var embedded) && embedded.TryGetProperty("threads", out var threads) && threads.ValueKind == JsonValueKind.Array
                && threads.EnumerateArray().Any(thread => HelpdeskFormat.Text(thread, "type") == "note" && NoteBody.Carries(HelpdeskFormat.Text(thread, "body"), note.Marker)))
            {
                return true;
            }

            if (!root.TryGetProperty("page", out var paging) || !paging.TryGetProperty("totalPages", out var total) || !total.TryGetInt32(out var pages) || page >= pages)
            {
                return false;
            }
        }
    }

    /// <summary>Sends the note's HTML: Help Scout keeps and shows thread bodies as HTML, so the lines stay lines.</summary>
    public override Task WriteAsync(HelpdeskNote note, HelpdeskCall call, CancellationToken cancellationToken) =>
        SendAsync(call, HttpMethod.Post, $"v2/conversations/{TicketIds.Numeric(note, call)}/notes", new JsonObject { ["text"] = note.Html.ToString() }, cancellationToken);

    /// <summary>Reads the conversation, then changes only what differs: its status, and its tags with the bottom tag added (Help Scout's tag update replaces the whole list).</summary>
    public override async Task MarkBottomAsync(HelpdeskNote note, HelpdeskCall call, CancellationToken cancellationToken)
    {
        var status = call.Config[BottomStatus];
        var tag = call.Config[BottomTag];
        if (status is null && tag is null)
        {
            return;
        }

        var conversation = TicketIds.Numeric(note, call);
        string? current;
        List<string> tags;
        using (var answer = await ReadAsync(call, $"v2/conversations/{conversation}", cancellationToken))
        {
            current = HelpdeskFormat.Text(answer.RootElement, "status");
            tags = answer.RootElement.TryGetProperty("tags", out var list) && list.ValueKind == JsonValueKind.Array
                ? [.. list.EnumerateArray().Select(t => HelpdeskFormat.Text(t, "tag")).OfType<string>()]
                : [];
        }

        if (status is not null && !string.Equals(current, status, StringComparison.OrdinalIgnoreCase))
        {
            var change = new JsonObject { ["op"] = "replace", ["path"] = "/status", ["value"] = status };
            await SendAsync(call, HttpMethod.Patch, $"v2/conversations/{conversation}", change, cancellationToken);
        }

        if (tag is not null && !tags.Contains(tag, StringComparer.OrdinalIgnoreCase))
        {
            var all = new JsonObject { ["tags"] = new JsonArray([.. tags.Append(tag).Select(t => JsonValue.Create(t))]) };
            await SendAsync(call, HttpMethod.Put, $"v2/conversations/{conversation}/tags", all, cancellationToken);
        }
    }

    private async Task<JsonDocument> ReadAsync(HelpdeskCall call, string path, CancellationToken cancellationToken) =>
        await WithTokenAsync(call, async token =>
        {
            using var request = Request(HttpMethod.Get, ApiOf(call.Config), path, token);
            return await call.ReadJsonAsync(request, cancellationToken) ?? throw new HelpdeskApiException(call.Config.Helpdesk, HttpStatusCode.NotFound, null);
        }, cancellationToken);

    private Task SendAsync(HelpdeskCall call, HttpMethod method, string path, JsonObject body, CancellationToken cancellationToken) =>
        WithTokenAsync(call, async token =>
        {
            using var request = Request(method, ApiOf(call.Config), path, token);
            request.Content = NoteBody.Json(body);
            await call.SendAsync(request, cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>Makes a call with the held token; if the API refuses it (401: revoked or expired early), once more with a new one.</summary>
    private async Task<T> WithTokenAsync<T>(HelpdeskCall call, Func<string, Task<T>> attempt, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(call, cancellationToken);
        try
        {
            return await attempt(token);
        }
        catch (HelpdeskApiException refused) when (refused.Status == HttpStatusCode.Unauthorized)
        {
            tokens.Forget(token);
            return await attempt(await tokens.GetAsync(call, cancellationToken));
        }
    }

    private static HttpRequestMessage Request(HttpMethod method, Uri api, string path, string token)
    {
        var request = new HttpRequestMessage(method, new Uri(api, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }
}
