using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Tests.Helpdesks.Zendesk;

/// <summary>
/// Zendesk's Ticketing API as write-back meets it, answering in Zendesk's JSON: Update Ticket
/// (<c>PUT /api/v2/tickets/{id}.json</c>: a comment is kept with its <c>public</c> flag, a status is
/// set), List Comments (<c>GET /api/v2/tickets/{id}/comments.json</c>, cursor pagination) and Add Tags
/// (<c>PUT /api/v2/tickets/{id}/tags.json</c>); a deleted ticket answers 404
/// <c>{"error":"RecordNotFound","description":"Not found"}</c>. Faults come from <see cref="VendorApiStub"/>.
/// </summary>
public sealed class ZendeskApiStub : IAsyncDisposable
{
    public const string ApiUser = "csat-agent@acme.example";
    public const string ApiToken = "zendesk-api-token-0123456789";

    private long nextCommentId = 9000;

    private ZendeskApiStub()
    {
    }

    public VendorApiStub Api { get; private set; } = null!;

    /// <summary>Each ticket's comments as Zendesk lists them, oldest first.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<JsonObject>> Comments { get; } = new();

    public ConcurrentDictionary<string, string> Statuses { get; } = new();

    public ConcurrentDictionary<string, ConcurrentQueue<string>> Tags { get; } = new();

    /// <summary>Tickets that answer 404, as a deleted ticket does.</summary>
    public ConcurrentDictionary<string, bool> Deleted { get; } = new();

    /// <summary>Runs after a comment is kept and before Zendesk's answer is sent: a drill kills the caller here.</summary>
    public Func<Task>? AfterComment { get; set; }

    /// <summary>The ticket's notes written so far (private comments).</summary>
    public IReadOnlyList<JsonObject> NotesOn(string ticketId) => Comments.TryGetValue(ticketId, out var comments) ? [.. comments] : [];

    /// <summary>Turns write-back to this stub on, as configuration keys (<c>Csat:Helpdesks:zendesk:…</c>), at a pace that keeps tests quick.</summary>
    public void WriteBackTo(IDictionary<string, string?> settings)
    {
        settings["Csat:Helpdesks:zendesk:WriteBack"] = "note";
        settings["Csat:Helpdesks:zendesk:ApiUrl"] = Api.BaseUrl.AbsoluteUri;
        settings["Csat:Helpdesks:zendesk:ApiUser"] = ApiUser;
        settings["Csat:Helpdesks:zendesk:ApiToken"] = ApiToken;
        settings["Csat:Helpdesks:zendesk:NotesPerSecond"] = "50";
    }

    public static async Task<ZendeskApiStub> StartAsync()
    {
        var stub = new ZendeskApiStub();
        stub.Api = await VendorApiStub.StartAsync(stub.Map, _ => """{"error":"RecordNotFound","description":"Not found"}""");
        return stub;
    }

    private void Map(WebApplication site)
    {
        site.MapPut("/api/v2/tickets/{id}.json", async (string id, HttpContext context) =>
        {
            if (Deleted.ContainsKey(id))
            {
                return NotFound();
            }

            var change = (await JsonNode.ParseAsync(context.Request.Body))!["ticket"]!;
            if (change["status"] is { } status)
            {
                Statuses[id] = status.GetValue<string>();
            }

            if (change["comment"] is { } comment)
            {
                var html = comment["html_body"]!.GetValue<string>();
                var kept = new JsonObject
                {
                    ["id"] = Interlocked.Increment(ref nextCommentId),
                    ["type"] = "Comment",
                    ["author_id"] = 123123,
                    ["body"] = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", "\n")).Trim(),
                    ["html_body"] = $"<div class=\"zd-comment\" dir=\"auto\">{html}</div>",
                    ["public"] = comment["public"]?.GetValue<bool>() ?? true,
                    ["created_at"] = "2026-12-02T10:00:00Z",
                };
                Comments.GetOrAdd(id, _ => new()).Enqueue(kept);
                if (AfterComment is { } after)
                {
                    await after();
                }
            }

            return Results.Json(new JsonObject { ["ticket"] = new JsonObject { ["id"] = long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), ["status"] = Statuses.GetValueOrDefault(id, "solved") }, ["audit"] = new JsonObject { ["events"] = new JsonArray() } });
        });
        site.MapGet("/api/v2/tickets/{id}/comments.json", (string id, HttpRequest request) =>
        {
            if (Deleted.ContainsKey(id))
            {
                return NotFound();
            }

            // One comment a page when asked for one, to walk the cursor; otherwise up to page[size].
            var size = int.TryParse(request.Query["page[size]"], out var asked) ? asked : 100;
            var all = NotesOn(id);
            var start = int.TryParse(request.Query["page[after]"], out var after) ? after : 0;
            var page = all.Skip(start).Take(size).Select(comment => (JsonNode)comment.DeepClone()).ToArray();
            var more = start + page.Length < all.Count;
            return Results.Json(new JsonObject
            {
                ["comments"] = new JsonArray(page),
                ["meta"] = new JsonObject { ["has_more"] = more, ["after_cursor"] = more ? (start + page.Length).ToString(System.Globalization.CultureInfo.InvariantCulture) : null, ["before_cursor"] = null },
                ["links"] = new JsonObject { ["next"] = null, ["prev"] = null },
            });
        });
        site.MapPut("/api/v2/tickets/{id}/tags.json", async (string id, HttpContext context) =>
        {
            if (Deleted.ContainsKey(id))
            {
                return NotFound();
            }

            var tags = Tags.GetOrAdd(id, _ => new());
            foreach (var tag in (await JsonNode.ParseAsync(context.Request.Body))!["tags"]!.AsArray())
            {
                tags.Enqueue(tag!.GetValue<string>());
            }

            return Results.Json(new JsonObject { ["tags"] = new JsonArray([.. tags.Distinct().Select(tag => (JsonNode)tag)]) });
        });
    }

    private static IResult NotFound() => Results.Json(new JsonObject { ["error"] = "RecordNotFound", ["description"] = "Not found" }, statusCode: StatusCodes.Status404NotFound);

    public ValueTask DisposeAsync() => Api.DisposeAsync();
}
