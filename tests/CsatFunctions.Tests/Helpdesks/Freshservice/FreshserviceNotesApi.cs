using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Tests.Helpdesks.Freshservice;

/// <summary>The tickets a Freshservice API stub holds: each one's fields and its conversations, oldest first.</summary>
public sealed class FreshserviceTickets
{
    public const string ApiKey = "fs-agent-api-key-8wLm";

    public ConcurrentDictionary<string, (JsonObject Ticket, List<JsonObject> Conversations)> All { get; } = new();

    /// <summary>Adds ticket <paramref name="id"/>, resolved (status 4) with the tags given, and <paramref name="replies"/> replies.</summary>
    public void Add(string id, int replies = 0, params string[] tags) =>
        All[id] = (
            new JsonObject { ["id"] = long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), ["subject"] = "VPN drops", ["status"] = 4, ["priority"] = 2, ["tags"] = new JsonArray([.. tags.Select(t => JsonValue.Create(t))]) },
            [.. Enumerable.Range(1, replies).Select(n => FreshserviceNotesApi.Conversation(id, n, $"<div>Reply {n}</div>", isPrivate: false))]);

    public IReadOnlyList<JsonObject> Notes(string id)
    {
        lock (All[id].Conversations)
        {
            return [.. All[id].Conversations.Where(c => c["private"]!.GetValue<bool>())];
        }
    }
}

/// <summary>
/// Freshservice's API v2 as a stub answers it (https://api.freshservice.com/): Basic authentication with
/// the API key and <c>X</c>; <c>POST /api/v2/tickets/{id}/notes</c> answering 201
/// <c>{"conversation": …}</c>; <c>GET /api/v2/tickets/{id}/conversations</c> as
/// <c>{"conversations": […], "meta": {"count"}}</c>, <c>per_page</c> up to 100, with a <c>Link</c>
/// header while more follow; <c>GET</c> and <c>PUT /api/v2/tickets/{id}</c> as <c>{"ticket": …}</c>.
/// </summary>
public static class FreshserviceNotesApi
{
    public static void Map(WebApplication app, FreshserviceTickets tickets)
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

            return Results.Content(new JsonObject { ["conversation"] = note.DeepClone() }.ToJsonString(), "application/json", statusCode: StatusCodes.Status201Created);
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

            var answer = new JsonObject
            {
                ["conversations"] = new JsonArray([.. all.Skip((number - 1) * size).Take(size).Select(c => c.DeepClone())]),
                ["meta"] = new JsonObject { ["count"] = all.Count },
            };
            return Results.Content(answer.ToJsonString(), "application/json");
        });
        app.MapGet("/api/v2/tickets/{id}", (string id, HttpContext context) =>
            Refused(context, tickets, id) ?? Results.Content(new JsonObject { ["ticket"] = tickets.All[id].Ticket.DeepClone() }.ToJsonString(), "application/json"));
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

            return Results.Content(new JsonObject { ["ticket"] = ticket.DeepClone() }.ToJsonString(), "application/json");
        });
    }

    public static JsonObject Conversation(string ticketId, int n, string html, bool isPrivate) => new()
    {
        ["id"] = 9000 + n,
        ["body"] = html,
        ["body_text"] = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", " ")).Trim(),
        ["incoming"] = false,
        ["private"] = isPrivate,
        ["user_id"] = 21000418005,
        ["ticket_id"] = long.Parse(ticketId, System.Globalization.CultureInfo.InvariantCulture),
        ["source"] = 2,
        ["created_at"] = "2026-12-01T09:00:00Z",
    };

    /// <summary>Freshservice's error body: <c>{"description", "errors": [{"field", "message", "code"}]}</c>.</summary>
    public static string ErrorBody(int status) => new JsonObject
    {
        ["description"] = status == 429 ? "Too many requests" : "Error",
        ["errors"] = new JsonArray(new JsonObject { ["field"] = "", ["message"] = $"HTTP {status}", ["code"] = status == 404 ? "not_found" : "error" }),
    }.ToJsonString();

    private static IResult? Refused(HttpContext context, FreshserviceTickets tickets, string id)
    {
        var expected = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{FreshserviceTickets.ApiKey}:X"));
        if (context.Request.Headers.Authorization.ToString() != expected)
        {
            return Results.Content("""{"code":"invalid_credentials","message":"You have to be logged in to perform this action."}""", "application/json", statusCode: 401);
        }

        return tickets.All.ContainsKey(id) ? null : Results.Content(ErrorBody(404), "application/json", statusCode: 404);
    }
}
