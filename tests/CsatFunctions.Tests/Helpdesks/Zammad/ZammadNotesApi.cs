using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Tests.Helpdesks.Zammad;

/// <summary>
/// Zammad's article, ticket and tag routes as write-back meets them, in Zammad's JSON: a ticket's
/// articles (<c>GET /api/v1/ticket_articles/by_ticket/{id}</c>, a plain array), a new article
/// (<c>POST /api/v1/ticket_articles</c>, 201 with the article), a state change
/// (<c>PUT /api/v1/tickets/{id}</c>) and a tag (<c>POST /api/v1/tags/add</c>). Every call needs
/// <c>Authorization: Token token=…</c>, else 401; a ticket the stub does not hold answers 404 with
/// Zammad's <c>{"error", "error_human"}</c>.
/// </summary>
public static class ZammadNotesApi
{
    public const string ApiToken = "zammad-access-token-0123456789";

    public static void Map(WebApplication app, StubTickets tickets)
    {
        app.MapGet("/api/v1/ticket_articles/by_ticket/{id}", (string id, HttpContext context) =>
            Refused(context, tickets, id) ?? Results.Content(new JsonArray([.. tickets.Find(id)!.Notes.Select(article => article.DeepClone())]).ToJsonString(), "application/json"));
        app.MapPost("/api/v1/ticket_articles", async (HttpContext context) =>
        {
            var article = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            var id = article["ticket_id"]!.ToJsonString();
            if (Refused(context, tickets, id) is { } refused)
            {
                return refused;
            }

            article["id"] = tickets.NextId();
            article["sender"] = "Agent";
            tickets.Find(id)!.AddNote(article);
            return Results.Content(article.ToJsonString(), "application/json", statusCode: StatusCodes.Status201Created);
        });
        app.MapPut("/api/v1/tickets/{id}", async (string id, HttpContext context) =>
        {
            if (Refused(context, tickets, id) is { } refused)
            {
                return refused;
            }

            var change = (await JsonNode.ParseAsync(context.Request.Body))!;
            tickets.Find(id)!.Status = change["state"]!.GetValue<string>();
            return Results.Json(new { id = long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), state = tickets.Find(id)!.Status });
        });
        app.MapPost("/api/v1/tags/add", async (HttpContext context) =>
        {
            var tag = (await JsonNode.ParseAsync(context.Request.Body))!;
            var id = tag["o_id"]!.ToJsonString();
            if (tag["object"]!.GetValue<string>() != "Ticket")
            {
                return Results.Json(new { error = "Unknown object", error_human = "Unknown object" }, statusCode: StatusCodes.Status422UnprocessableEntity);
            }

            if (Refused(context, tickets, id) is { } refused)
            {
                return refused;
            }

            var item = tag["item"]!.GetValue<string>();
            if (!tickets.Find(id)!.Tags.Contains(item))
            {
                tickets.Find(id)!.Tags.Enqueue(item);
            }

            return Results.Json(true, statusCode: StatusCodes.Status201Created);
        });
    }

    public static string ErrorBody(int status) => $$"""{"error":"The request failed with status {{status}}.","error_human":"The request failed with status {{status}}."}""";

    private static IResult? Refused(HttpContext context, StubTickets tickets, string id)
    {
        if (context.Request.Headers.Authorization != $"Token token={ApiToken}")
        {
            return Results.Json(new { error = "authentication failed", error_human = "Authentication failed" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        return tickets.Find(id) is null
            ? Results.Json(new { error = $"Couldn't find Ticket with 'id'={id}", error_human = "No such ticket" }, statusCode: StatusCodes.Status404NotFound)
            : null;
    }
}
