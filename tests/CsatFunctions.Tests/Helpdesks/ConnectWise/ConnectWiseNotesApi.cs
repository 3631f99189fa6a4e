using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Tests.Helpdesks.ConnectWise;

/// <summary>
/// ConnectWise PSA's service note routes as write-back meets them, in ConnectWise's JSON: the
/// ticket's notes (<c>GET …/notes?page=&amp;pageSize=</c>, a plain array per page), a new note
/// (<c>POST …/notes</c>, answered 201 with the note), and a JSON Patch of the ticket's status. Every
/// call needs the API member's Basic authentication and the clientId, else 401; a ticket the stub
/// does not hold answers 404 with ConnectWise's error body.
/// </summary>
public static class ConnectWiseNotesApi
{
    /// <param name="apiPath">The REST API's path, such as <c>/v4_6_release/apis/3.0</c>.</param>
    public static void Map(WebApplication app, StubTickets tickets, string apiPath = ConnectWiseTest.ApiPath)
    {
        app.MapGet(apiPath + "/service/tickets/{id}/notes", (string id, int? page, int? pageSize, HttpContext context) =>
        {
            if (Refused(context, tickets, id) is { } refused)
            {
                return refused;
            }

            var size = pageSize ?? 25;
            var notes = tickets.Find(id)!.Notes.Skip(((page ?? 1) - 1) * size).Take(size);
            return Results.Content(new JsonArray([.. notes.Select(note => note.DeepClone())]).ToJsonString(), "application/json");
        });
        app.MapPost(apiPath + "/service/tickets/{id}/notes", async (string id, HttpContext context) =>
        {
            if (Refused(context, tickets, id) is { } refused)
            {
                return refused;
            }

            var note = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            note["id"] = tickets.NextId();
            note["ticketId"] = long.Parse(id, System.Globalization.CultureInfo.InvariantCulture);
            note["createdBy"] = "csat-surveys";
            tickets.Find(id)!.AddNote(note);
            return Results.Content(note.ToJsonString(), "application/json", statusCode: StatusCodes.Status201Created);
        });
        app.MapMethods(apiPath + "/service/tickets/{id}", ["PATCH"], async (string id, HttpContext context) =>
        {
            if (Refused(context, tickets, id) is { } refused)
            {
                return refused;
            }

            foreach (var operation in (await JsonNode.ParseAsync(context.Request.Body))!.AsArray())
            {
                if (operation!["op"]!.GetValue<string>() == "replace" && operation["path"]!.GetValue<string>().TrimStart('/') is "status/name" or "status/id" && operation["path"]!.GetValue<string>() is var path)
                {
                    tickets.Find(id)!.Status = $"{path.TrimStart('/')} = {operation["value"]!.ToJsonString()}";
                }
            }

            return Results.Json(new { id = long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), status = new { name = tickets.Find(id)!.Status } });
        });
    }

    /// <summary>ConnectWise's error body: <c>{"code", "message", "errors"}</c>.</summary>
    public static string ErrorBody(int status) => status switch
    {
        404 => """{"code":"NotFound","message":"Ticket Not Found","errors":null}""",
        401 => """{"code":"Unauthorized","message":"Invalid credentials","errors":null}""",
        429 => """{"code":"TooManyRequests","message":"Too many requests have been made. Please wait and try again.","errors":null}""",
        _ => """{"code":"InternalServerError","message":"An error occurred","errors":null}""",
    };

    private static IResult? Refused(HttpContext context, StubTickets tickets, string id)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ConnectWiseTest.CompanyId}+{ConnectWiseTest.PublicKey}:{ConnectWiseTest.PrivateKey}"));
        if (context.Request.Headers.Authorization != expected || context.Request.Headers["clientId"] != ConnectWiseTest.ClientId)
        {
            return Results.Content(ErrorBody(401), "application/json", statusCode: StatusCodes.Status401Unauthorized);
        }

        return tickets.Find(id) is null ? Results.Content(ErrorBody(404), "application/json", statusCode: StatusCodes.Status404NotFound) : null;
    }
}
