using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Tests.Helpdesks.Autotask;

/// <summary>
/// Autotask's ticket note routes as write-back meets them, in Autotask's JSON: a note created on its
/// ticket (<c>POST /Tickets/{id}/Notes</c>, answered <c>{"itemId"}</c>), the <c>TicketNotes</c> query
/// by ticket (<c>{"items", "pageDetails": {"nextPageUrl"}}</c>, paged), and
/// a ticket's status changed (<c>PATCH /Tickets</c>). Every call needs the API user's three headers,
/// else 401; errors are <c>{"errors": […]}</c>.
/// </summary>
public static class AutotaskNotesApi
{
    public const string ApiPath = "/atservicesrest/v1.0";
    public const string IntegrationCode = "TRACKING-ID-CSAT";
    public const string User = "csat-api@msp.example";
    public const string Secret = "api-user-secret-0123";

    /// <param name="pageSize">Items to a query's page: Autotask's 500; tests lower it to see the pages.</param>
    public static void Map(WebApplication app, StubTickets tickets, int pageSize = 500)
    {
        app.MapPost(ApiPath + "/Tickets/{id}/Notes", async (string id, HttpContext context) =>
        {
            if (Refused(context) is { } refused)
            {
                return refused;
            }

            if (tickets.Find(id) is not { } ticket)
            {
                return Error(StatusCodes.Status404NotFound, $"Ticket {id} was not found.");
            }

            var note = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            note["id"] = tickets.NextId();
            ticket.AddNote(note);
            return Results.Json(new { itemId = note["id"]!.GetValue<long>() });
        });
        app.MapGet(ApiPath + "/TicketNotes/query", (string search, HttpContext context) =>
        {
            var filter = JsonNode.Parse(search)!["filter"]!.AsArray().Single(condition => condition!["field"]!.GetValue<string>() == "ticketID")!;
            return Refused(context) ?? Page(context, tickets, filter["value"]!.ToJsonString().Trim('"'), 0, pageSize);
        });
        app.MapGet(ApiPath + "/TicketNotes/query/next", (string ticket, int skip, HttpContext context) => Refused(context) ?? Page(context, tickets, ticket, skip, pageSize));
        app.MapMethods(ApiPath + "/Tickets", ["PATCH"], async (HttpContext context) =>
        {
            if (Refused(context) is { } refused)
            {
                return refused;
            }

            var change = (await JsonNode.ParseAsync(context.Request.Body))!;
            if (tickets.Find(change["id"]!.ToJsonString()) is not { } ticket)
            {
                return Error(StatusCodes.Status404NotFound, "The ticket was not found.");
            }

            ticket.Status = change["status"]!.ToJsonString();
            return Results.Json(new { itemId = change["id"]!.GetValue<long>() });
        });
    }

    public static string ErrorBody(int status) => $$"""{"errors":["The request failed with status {{status}}."]}""";

    /// <summary>One page of a ticket's notes; a ticket Autotask does not have simply has none.</summary>
    private static IResult Page(HttpContext context, StubTickets tickets, string ticketId, int skip, int pageSize)
    {
        var notes = tickets.Find(ticketId)?.Notes ?? [];
        var page = notes.Skip(skip).Take(pageSize).ToList();
        var more = skip + page.Count < notes.Count;
        var next = more ? $"{context.Request.Scheme}://{context.Request.Host}{ApiPath}/TicketNotes/query/next?ticket={ticketId}&skip={(skip + pageSize).ToString(CultureInfo.InvariantCulture)}" : null;
        var body = new JsonObject
        {
            ["items"] = new JsonArray([.. page.Select(note => note.DeepClone())]),
            ["pageDetails"] = new JsonObject { ["count"] = page.Count, ["requestCount"] = pageSize, ["prevPageUrl"] = null, ["nextPageUrl"] = next },
        };
        return Results.Content(body.ToJsonString(), "application/json");
    }

    private static IResult? Refused(HttpContext context) =>
        context.Request.Headers["ApiIntegrationCode"] == IntegrationCode && context.Request.Headers["UserName"] == User && context.Request.Headers["Secret"] == Secret
            ? null
            : Error(StatusCodes.Status401Unauthorized, "User is not authorized.");

    private static IResult Error(int status, string message) =>
        Results.Content(new JsonObject { ["errors"] = new JsonArray(message) }.ToJsonString(), "application/json", statusCode: status);
}
