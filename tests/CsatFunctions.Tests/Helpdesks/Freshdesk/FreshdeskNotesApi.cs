using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Tests.Helpdesks.Freshdesk;

/// <summary>The tickets a Freshdesk API stub holds: each one's fields as Freshdesk's JSON and its conversations (replies and notes), oldest first.</summary>
public sealed class FreshdeskTickets
{
    public const string ApiKey = "fd-agent-api-key-3kQ9";

    public ConcurrentDictionary<string, (JsonObject Ticket, List<JsonObject> Conversations)> All { get; } = new();

    /// <summary>Adds ticket <paramref name="id"/>, resolved (status 4) with the tags given, and <paramref name="replies"/> public replies before any note.</summary>
    public void Add(string id, int replies = 0, params string[] tags)
    {
        var conversations = Enumerable.Range(1, replies)
            .Select(n => FreshdeskNotesApi.Conversation(id, n, $"<div>Reply {n}</div>", isPrivate: false))
            .ToList();
        All[id] = (new JsonObject { ["id"] = long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), ["subject"] = "Printer offline", ["status"] = 4, ["priority"] = 1, ["tags"] = new JsonArray([.. tags.Select(t => JsonValue.Create(t))]) }, conversations);
    }

    /// <summary>The private notes on ticket <paramref name="id"/>.</summary>
    public IReadOnlyList<JsonObject> Notes(string id)
    {
        lock (All[id].Conversations)
        {
            return [.. All[id].Conversations.Where(c => c["private"]!.GetValue<bool>())];
        }
    }
}

/// <summary>
/// Freshdesk's API v2 as a stub answers it (https://developers.freshdesk.com/api/): Basic authentication
/// with the API key and <c>X</c>; <c>POST /api/v2/tickets/{id}/notes</c> answering 201 with the note;
/// <c>GET /api/v2/tickets/{id}/conversations</c> as an array, <c>per_page</c> up to 100, with a
/// <c>Link: &lt;…&gt;; rel="next"</c> header while more follow; <c>GET</c> and <c>PUT /api/v2/tickets/{id}</c>.
/// </summary>
public static partial class FreshdeskNotesApi
{
    public static void Map(WebApplication app, FreshdeskTickets tickets)
    {
        app.MapPost("/api/v2/tickets/{id}/notes", async (string id, HttpContext context) =>
        {
            if (Refused(context, tickets, id) is { } refused)
            {
                return refused;
            }

            var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            var conversations = tickets.All[id].Conversations;
            JsonObject note;
            lock (conversations)
            {
                note = Conversation(id, conversations.Count + 1, body["body"]!.GetValue<string>(), body["private"]?.GetValue<bool>() ?? true);
                conversations.Add(note);
            }

            return Results.Content(note.ToJsonString(), "application/json", statusCode: StatusCodes.Status201Created);
        });
        app.MapGet("/api/v2/tickets/{id}/conversations", (string id, int? page, int? per_page, HttpContext context) =>
        {
            if (Refused(context, tickets, id) is { } refused)
            {
                return refused;
            }

            var (number, size) = (page ?? 1, Math.Min(per_page ?? 30, 100));
            List<JsonObject> all;
            lock (tickets.All[id].Conversations)
            {
                all = [.. tickets.All[id].Conversations];
            }

            if (all.Count > number * size)
            {
                context.Response.Headers.Link = $"<{context.Request.Scheme}://{context.Request.Host}/api/v2/tickets/{id}/conversations?page={number + 1}&per_page={size}>; rel=\"next\"";
            }

            return Results.Content(new JsonArray([.. all.Skip((number - 1) * size).Take(size).Select(c => c.DeepClone())]).ToJsonString(), "application/json");
        });
        app.MapGet("/api/v2/tickets/{id}", (string id, HttpContext context) =>
            Refused(context, tickets, id) ?? Results.Content(tickets.All[id].Ticket.ToJsonString(), "application/json"));
        app.MapPut("/api/v2/tickets/{id}", async (string id, HttpContext context) =>
        {
            if (Refused(context, tickets, id) is { } refused)
            {
                return refused;
            }

            var ticket = tickets.All[id].Ticket;
            foreach (var (field, value) in (await JsonNode.ParseAsync(context.Request.Body))!.AsObject())
            {
                ticket[field] = value?.DeepClone();
            }

            return Results.Content(ticket.ToJsonString(), "application/json");
        });
    }

    /// <summary>A conversation as Freshdesk lists it: the HTML <c>body</c> and its text in <c>body_text</c>.</summary>
    public static JsonObject Conversation(string ticketId, int n, string html, bool isPrivate) => new()
    {
        ["id"] = 5000 + n,
        ["body"] = html,
        ["body_text"] = WebUtility.HtmlDecode(Tags().Replace(html, " ")).Trim(),
        ["incoming"] = false,
        ["private"] = isPrivate,
        ["user_id"] = 77,
        ["ticket_id"] = long.Parse(ticketId, System.Globalization.CultureInfo.InvariantCulture),
        ["created_at"] = "2026-12-01T09:00:00Z",
    };

    /// <summary>Freshdesk's error body: <c>{"description", "errors": [{"code", "message"}]}</c> (for 404 and 429 too, whose bodies the writer does not read).</summary>
    public static string ErrorBody(int status) => new JsonObject
    {
        ["description"] = status == 429 ? "Too many requests" : "Error",
        ["errors"] = new JsonArray(new JsonObject { ["code"] = status == 404 ? "not_found" : "error", ["message"] = $"HTTP {status}" }),
    }.ToJsonString();

    /// <summary>401 without the API key, 404 for a ticket the stub does not hold; null when the request may go on.</summary>
    private static IResult? Refused(HttpContext context, FreshdeskTickets tickets, string id)
    {
        var expected = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{FreshdeskTickets.ApiKey}:X"));
        if (context.Request.Headers.Authorization.ToString() != expected)
        {
            return Results.Content("""{"code":"invalid_credentials","message":"You have to be logged in to perform this action."}""", "application/json", statusCode: 401);
        }

        return tickets.All.ContainsKey(id) ? null : Results.Content(ErrorBody(404), "application/json", statusCode: 404);
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
