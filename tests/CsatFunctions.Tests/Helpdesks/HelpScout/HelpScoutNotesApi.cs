using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Tests.Helpdesks.HelpScout;

/// <summary>What a Help Scout API stub holds: the app's credentials, the tokens it issued, and each conversation with its threads, newest first.</summary>
public sealed class HelpScoutMailbox
{
    public const string AppId = "hs-app-id-51c2e0";
    public const string AppSecret = "hs-app-secret-9d7b44e1";

    public ConcurrentDictionary<string, (JsonObject Conversation, List<JsonObject> Threads)> All { get; } = new();

    /// <summary>The bearer tokens issued and still good.</summary>
    public ConcurrentDictionary<string, bool> Tokens { get; } = new();

    /// <summary>Seconds of <c>X-RateLimit-Retry-After</c> the next API call (not a token request) is throttled with; null to answer it.</summary>
    public int? ThrottleNextFor { get; set; }

    /// <summary>Adds conversation <paramref name="id"/>, closed with the tags given, and <paramref name="replies"/> threads.</summary>
    public void Add(string id, int replies = 1, params string[] tags)
    {
        var conversation = new JsonObject
        {
            ["id"] = long.Parse(id, System.Globalization.CultureInfo.InvariantCulture),
            ["number"] = 3100,
            ["subject"] = "Refund",
            ["status"] = "closed",
            ["state"] = "published",
            ["tags"] = new JsonArray([.. tags.Select((t, n) => new JsonObject { ["id"] = 900 + n, ["color"] = "#929499", ["tag"] = t })]),
        };
        All[id] = (conversation, []);
        AddReplies(id, replies);
    }

    /// <summary>Adds customer threads to conversation <paramref name="id"/>, after whatever it has.</summary>
    public void AddReplies(string id, int count)
    {
        var threads = All[id].Threads;
        lock (threads)
        {
            for (var n = 0; n < count; n++)
            {
                threads.Insert(0, HelpScoutNotesApi.Thread(threads.Count + 1, "customer", $"Reply {threads.Count + 1}"));
            }
        }
    }

    public IReadOnlyList<JsonObject> Notes(string id)
    {
        lock (All[id].Threads)
        {
            return [.. All[id].Threads.Where(t => t["type"]!.GetValue<string>() == "note")];
        }
    }
}

/// <summary>
/// Help Scout's Inbox API 2.0 as a stub answers it (https://developer.helpscout.com/mailbox-api/): the
/// Client Credentials token at <c>POST /v2/oauth2/token</c>; bearer-authenticated
/// <c>POST /v2/conversations/{id}/notes</c> (201, <c>Resource-ID</c>), <c>GET …/threads</c> (HAL,
/// newest first, 25 a page), <c>GET</c> and <c>PATCH /v2/conversations/{id}</c>, <c>PUT …/tags</c>;
/// 429 with <c>X-RateLimit-Retry-After</c> as Help Scout throttles.
/// </summary>
public static class HelpScoutNotesApi
{
    public const int PageSize = 25;

    public static void Map(WebApplication app, HelpScoutMailbox mailbox)
    {
        app.MapPost("/v2/oauth2/token", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            if (form["grant_type"] != "client_credentials" || form["client_id"] != HelpScoutMailbox.AppId || form["client_secret"] != HelpScoutMailbox.AppSecret)
            {
                return Results.Json(new { error = "invalid_client", error_description = "Bad client credentials" }, statusCode: 401);
            }

            var token = Guid.NewGuid().ToString("N");
            mailbox.Tokens[token] = true;
            return Results.Json(new { token_type = "bearer", access_token = token, expires_in = 172800 });
        });
        app.MapPost("/v2/conversations/{id}/notes", async (string id, HttpContext context) =>
        {
            if (Refused(context, mailbox, id) is { } refused)
            {
                return refused;
            }

            var text = (await JsonNode.ParseAsync(context.Request.Body))!["text"]!.GetValue<string>();
            var threads = mailbox.All[id].Threads;
            JsonObject note;
            lock (threads)
            {
                note = Thread(threads.Count + 1, "note", text);
                threads.Insert(0, note);
            }

            context.Response.Headers["Resource-ID"] = note["id"]!.ToJsonString();
            return Results.StatusCode(StatusCodes.Status201Created);
        });
        app.MapGet("/v2/conversations/{id}/threads", (string id, int? page, HttpContext context) =>
        {
            if (Refused(context, mailbox, id) is { } refused)
            {
                return refused;
            }

            List<JsonObject> all;
            lock (mailbox.All[id].Threads)
            {
                all = [.. mailbox.All[id].Threads];
            }

            var number = page ?? 1;
            var answer = new JsonObject
            {
                ["_embedded"] = new JsonObject { ["threads"] = new JsonArray([.. all.Skip((number - 1) * PageSize).Take(PageSize).Select(t => t.DeepClone())]) },
                ["page"] = new JsonObject { ["size"] = PageSize, ["totalElements"] = all.Count, ["totalPages"] = (all.Count + PageSize - 1) / PageSize, ["number"] = number },
            };
            return Results.Content(answer.ToJsonString(), "application/hal+json");
        });
        app.MapGet("/v2/conversations/{id}", (string id, HttpContext context) =>
            Refused(context, mailbox, id) ?? Results.Content(mailbox.All[id].Conversation.ToJsonString(), "application/hal+json"));
        app.MapPatch("/v2/conversations/{id}", async (string id, HttpContext context) =>
        {
            if (Refused(context, mailbox, id) is { } refused)
            {
                return refused;
            }

            var change = (await JsonNode.ParseAsync(context.Request.Body))!;
            if (change["op"]?.GetValue<string>() != "replace" || change["path"]?.GetValue<string>() != "/status")
            {
                return Results.Json(new { message = "Bad request" }, statusCode: 400);
            }

            mailbox.All[id].Conversation["status"] = change["value"]!.GetValue<string>();
            return Results.NoContent();
        });
        app.MapPut("/v2/conversations/{id}/tags", async (string id, HttpContext context) =>
        {
            if (Refused(context, mailbox, id) is { } refused)
            {
                return refused;
            }

            var tags = (await JsonNode.ParseAsync(context.Request.Body))!["tags"]!.AsArray().Select(t => t!.GetValue<string>());
            mailbox.All[id].Conversation["tags"] = new JsonArray([.. tags.Select((t, n) => new JsonObject { ["id"] = 900 + n, ["color"] = "#929499", ["tag"] = t })]);
            return Results.NoContent();
        });
    }

    public static JsonObject Thread(int n, string type, string body) => new()
    {
        ["id"] = 7000 + n,
        ["type"] = type,
        ["status"] = "nochange",
        ["state"] = "published",
        ["body"] = body,
        ["source"] = new JsonObject { ["type"] = type == "note" ? "api" : "email", ["via"] = type == "note" ? "user" : "customer" },
        ["createdAt"] = "2026-12-01T09:00:00Z",
    };

    /// <summary>Help Scout's error body (vnd.error): <c>{"logRef", "message"}</c>.</summary>
    public static string ErrorBody(int status) => new JsonObject { ["logRef"] = $"stub#{status}", ["message"] = status == 404 ? "Resource not found" : $"HTTP {status}" }.ToJsonString();

    /// <summary>429 when throttling, 401 without a token it issued, 404 for a conversation it does not hold; null when the request may go on.</summary>
    private static IResult? Refused(HttpContext context, HelpScoutMailbox mailbox, string id)
    {
        if (mailbox.ThrottleNextFor is { } seconds)
        {
            mailbox.ThrottleNextFor = null;
            context.Response.Headers["X-RateLimit-Limit-Minute"] = "200";
            context.Response.Headers["X-RateLimit-Remaining-Minute"] = "0";
            context.Response.Headers["X-RateLimit-Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Content(ErrorBody(429), "application/vnd.error+json", statusCode: 429);
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !mailbox.Tokens.ContainsKey(authorization["Bearer ".Length..]))
        {
            return Results.Content(ErrorBody(401), "application/vnd.error+json", statusCode: 401);
        }

        return mailbox.All.ContainsKey(id) ? null : Results.Content(ErrorBody(404), "application/vnd.error+json", statusCode: 404);
    }
}
