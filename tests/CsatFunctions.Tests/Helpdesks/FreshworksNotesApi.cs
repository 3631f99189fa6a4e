using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Tests.Helpdesks;

/// <summary>
/// The tickets a Freshdesk or Freshservice API stub holds: each one's fields and its conversations (replies
/// and notes), oldest first. A product's subclass gives its API key, its tickets' and conversations' fields
/// and how it wraps its answers' JSON.
/// </summary>
public abstract partial class FreshworksTickets
{
    public ConcurrentDictionary<string, (JsonObject Ticket, List<JsonObject> Conversations)> All { get; } = new();

    /// <summary>The API key the stub takes, with <c>X</c> as the password.</summary>
    public abstract string Key { get; }

    /// <summary>Adds ticket <paramref name="id"/>, resolved (status 4) with the tags given, and <paramref name="replies"/> public replies before any note.</summary>
    public void Add(string id, int replies = 0, params string[] tags) =>
        All[id] = (
            Ticket(long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), new JsonArray([.. tags.Select(t => JsonValue.Create(t))])),
            [.. Enumerable.Range(1, replies).Select(n => Conversation(id, n, $"<div>Reply {n}</div>", isPrivate: false))]);

    /// <summary>The private notes on ticket <paramref name="id"/>.</summary>
    public IReadOnlyList<JsonObject> Notes(string id)
    {
        lock (All[id].Conversations)
        {
            return [.. All[id].Conversations.Where(c => c["private"]!.GetValue<bool>())];
        }
    }

    /// <summary>Conversation <paramref name="n"/> of a ticket as the product lists it: the HTML <c>body</c> and its text in <c>body_text</c>.</summary>
    public abstract JsonObject Conversation(string ticketId, int n, string html, bool isPrivate);

    /// <summary>A resolved ticket's fields as the product's JSON.</summary>
    protected abstract JsonObject Ticket(long id, JsonArray tags);

    /// <summary>The answer to a written note, given a copy of the note.</summary>
    public abstract JsonNode NoteAnswer(JsonObject note);

    /// <summary>The answer to one page of conversations, given the page and how many the ticket has in all.</summary>
    public abstract JsonNode PageAnswer(JsonArray page, int count);

    /// <summary>The answer to reading or updating a ticket, given a copy of its fields.</summary>
    public abstract JsonNode TicketAnswer(JsonObject ticket);

    /// <summary>The product's error body for <paramref name="status"/>.</summary>
    public abstract string ErrorBody(int status);

    /// <summary>The text of a conversation's HTML, as both products give it in <c>body_text</c>.</summary>
    protected static string BodyText(string html) => WebUtility.HtmlDecode(Tags().Replace(html, " ")).Trim();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}

/// <summary>
/// Freshdesk's and Freshservice's API v2 as a stub answers it (https://developers.freshdesk.com/api/,
/// https://api.freshservice.com/): Basic authentication with the API key and <c>X</c>;
/// <c>POST /api/v2/tickets/{id}/notes</c> answering 201 with the note; <c>GET /api/v2/tickets/{id}/conversations</c>,
/// <c>per_page</c> up to 100, with a <c>Link: &lt;…&gt;; rel="next"</c> header while more follow; <c>GET</c> and
/// <c>PUT /api/v2/tickets/{id}</c>; each answer wrapped as the product wraps it.
/// </summary>
public static class FreshworksNotesApi
{
    public static void Map(WebApplication app, FreshworksTickets tickets)
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
                note = tickets.Conversation(id, conversations.Count + 1, body["body"]!.GetValue<string>(), body["private"]?.GetValue<bool>() ?? true);
                conversations.Add(note);
            }

            return Results.Content(tickets.NoteAnswer(note.DeepClone().AsObject()).ToJsonString(), "application/json", statusCode: StatusCodes.Status201Created);
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

            var onPage = new JsonArray([.. all.Skip((number - 1) * size).Take(size).Select(c => c.DeepClone())]);
            return Results.Content(tickets.PageAnswer(onPage, all.Count).ToJsonString(), "application/json");
        });
        app.MapGet("/api/v2/tickets/{id}", (string id, HttpContext context) =>
            Refused(context, tickets, id) ?? Results.Content(tickets.TicketAnswer(tickets.All[id].Ticket.DeepClone().AsObject()).ToJsonString(), "application/json"));
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

            return Results.Content(tickets.TicketAnswer(ticket.DeepClone().AsObject()).ToJsonString(), "application/json");
        });
    }

    /// <summary>401 without the API key, 404 for a ticket the stub does not hold; null when the request may go on.</summary>
    private static IResult? Refused(HttpContext context, FreshworksTickets tickets, string id)
    {
        var expected = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{tickets.Key}:X"));
        if (context.Request.Headers.Authorization.ToString() != expected)
        {
            return Results.Content("""{"code":"invalid_credentials","message":"You have to be logged in to perform this action."}""", "application/json", statusCode: 401);
        }

        return tickets.All.ContainsKey(id) ? null : Results.Content(tickets.ErrorBody(404), "application/json", statusCode: 404);
    }
}
