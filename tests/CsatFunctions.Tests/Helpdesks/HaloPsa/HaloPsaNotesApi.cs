using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Tests.Helpdesks.HaloPsa;

/// <summary>
/// Halo's authorisation server and action routes as write-back meets them, in Halo's JSON: the client
/// credentials token (<c>POST /auth/token</c>, form-encoded), a ticket's actions
/// (<c>GET /api/Actions?ticket_id=&amp;pageinate=true&amp;page_size=&amp;page_no=</c>, answered
/// <c>{"record_count", "actions"}</c>), new actions and ticket changes (<c>POST /api/Actions</c>,
/// <c>POST /api/Tickets</c>, each an array). An API call without a token the stub issued (and has not
/// revoked) is answered 401.
/// </summary>
public static class HaloPsaNotesApi
{
    public const string ClientId = "b1f2c3d4-halo-csat-client";
    public const string ClientSecret = "halo-client-secret-0123456789";

    public static void Map(WebApplication app, StubTickets tickets, HaloPsaTokens tokens)
    {
        app.MapPost("/auth/token", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            if (form["grant_type"] != "client_credentials" || form["client_id"] != ClientId || form["client_secret"] != ClientSecret || form["scope"] != "all")
            {
                return Results.Json(new { error = "invalid_client" }, statusCode: StatusCodes.Status400BadRequest);
            }

            return Results.Json(new { access_token = tokens.Issue(), token_type = "Bearer", expires_in = 3600, scope = "all" });
        });
        app.MapGet("/api/Actions", (long ticket_id, int? page_size, int? page_no, HttpContext context) =>
        {
            if (Refused(context, tokens) is { } refused)
            {
                return refused;
            }

            var actions = tickets.Find(ticket_id.ToString(System.Globalization.CultureInfo.InvariantCulture))?.Notes ?? [];
            var size = page_size ?? actions.Count;
            var page = actions.Skip(((page_no ?? 1) - 1) * size).Take(size);
            var body = new JsonObject { ["page_no"] = page_no ?? 1, ["page_size"] = size, ["record_count"] = actions.Count, ["actions"] = new JsonArray([.. page.Select(action => action.DeepClone())]) };
            return Results.Content(body.ToJsonString(), "application/json");
        });
        app.MapPost("/api/Actions", async (HttpContext context) =>
        {
            if (Refused(context, tokens) is { } refused)
            {
                return refused;
            }

            var created = new JsonArray();
            foreach (var action in (await JsonNode.ParseAsync(context.Request.Body))!.AsArray())
            {
                if (tickets.Find(action!["ticket_id"]!.ToJsonString()) is not { } ticket)
                {
                    return Results.Content(ErrorBody(404), "application/json", statusCode: StatusCodes.Status404NotFound);
                }

                var stored = action.DeepClone().AsObject();
                stored["id"] = tickets.NextId();
                ticket.AddNote(stored);
                created.Add(stored.DeepClone());
            }

            return Results.Content(created.ToJsonString(), "application/json", statusCode: StatusCodes.Status201Created);
        });
        app.MapPost("/api/Tickets", async (HttpContext context) =>
        {
            if (Refused(context, tokens) is { } refused)
            {
                return refused;
            }

            foreach (var change in (await JsonNode.ParseAsync(context.Request.Body))!.AsArray())
            {
                if (tickets.Find(change!["id"]!.ToJsonString()) is not { } ticket)
                {
                    return Results.Content(ErrorBody(404), "application/json", statusCode: StatusCodes.Status404NotFound);
                }

                ticket.Status = change["status_id"]!.ToJsonString();
            }

            return Results.Content("[]", "application/json", statusCode: StatusCodes.Status201Created);
        });
    }

    public static string ErrorBody(int status) => $$"""{"ClassName":"HaloException","Message":"The request failed with status {{status}}."}""";

    private static IResult? Refused(HttpContext context, HaloPsaTokens tokens) =>
        context.Request.Headers.Authorization.ToString() is var header && header.StartsWith("Bearer ", StringComparison.Ordinal) && tokens.IsValid(header["Bearer ".Length..])
            ? null
            : Results.StatusCode(StatusCodes.Status401Unauthorized);
}
