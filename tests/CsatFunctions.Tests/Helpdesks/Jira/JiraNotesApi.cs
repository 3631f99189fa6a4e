using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Tests.Helpdesks.Jira;

/// <summary>The requests a Jira Service Management stub holds: each issue's status, labels and comments, oldest first.</summary>
public sealed class JiraRequests
{
    public const string User = "csat-bot@example.com";
    public const string Token = "ATATT3xFfGF0-jira-api-token";

    /// <summary>The transition that reopens a resolved request, offered only while it is resolved.</summary>
    public const string Reopen = "21";

    public ConcurrentDictionary<string, Request> All { get; } = new();

    /// <summary>Adds request <paramref name="key"/>, resolved, with the labels given and <paramref name="comments"/> public comments.</summary>
    public void Add(string key, int comments = 1, params string[] labels)
    {
        var request = new Request { Status = "Resolved" };
        request.Labels.AddRange(labels);
        for (var n = 1; n <= comments; n++)
        {
            request.Comments.Add(JiraNotesApi.Comment(n, $"Reply {n}", isPublic: true));
        }

        All[key] = request;
    }

    public IReadOnlyList<JsonObject> Internal(string key)
    {
        lock (All[key])
        {
            return [.. All[key].Comments.Where(c => !c["public"]!.GetValue<bool>())];
        }
    }

    public sealed class Request
    {
        public string Status { get; set; } = "Resolved";

        public List<string> Labels { get; } = [];

        public List<JsonObject> Comments { get; } = [];
    }
}

/// <summary>
/// Jira Service Management Cloud as a stub answers it (https://developer.atlassian.com/cloud/jira/service-desk/rest/):
/// Basic authentication with the account's email and API token;
/// <c>POST /rest/servicedeskapi/request/{key}/comment</c> (201, the comment);
/// <c>GET …/comment?public&amp;internal&amp;start&amp;limit</c> paged (at most 50 a page, whatever the limit asked,
/// as Jira may), with <c>isLastPage</c>; the platform's <c>GET</c>/<c>POST /rest/api/3/issue/{key}/transitions</c>
/// and <c>PUT /rest/api/3/issue/{key}</c> with <c>{"update": {"labels": [{"add"}]}}</c>.
/// </summary>
public static class JiraNotesApi
{
    public const int MostPerPage = 50;

    public static void Map(WebApplication app, JiraRequests requests)
    {
        app.MapPost("/rest/servicedeskapi/request/{key}/comment", async (string key, HttpContext context) =>
        {
            if (Refused(context, requests, key, serviceDesk: true) is { } refused)
            {
                return refused;
            }

            var body = (await JsonNode.ParseAsync(context.Request.Body))!;
            var request = requests.All[key];
            JsonObject comment;
            lock (request)
            {
                comment = Comment(request.Comments.Count + 1, body["body"]!.GetValue<string>(), body["public"]?.GetValue<bool>() ?? true);
                request.Comments.Add(comment);
            }

            return Results.Content(comment.ToJsonString(), "application/json", statusCode: StatusCodes.Status201Created);
        });
        app.MapGet("/rest/servicedeskapi/request/{key}/comment", (string key, bool? @public, bool? @internal, int? start, int? limit, HttpContext context) =>
        {
            if (Refused(context, requests, key, serviceDesk: true) is { } refused)
            {
                return refused;
            }

            List<JsonObject> shown;
            lock (requests.All[key])
            {
                shown = [.. requests.All[key].Comments.Where(c => c["public"]!.GetValue<bool>() ? @public ?? true : @internal ?? true)];
            }

            var (from, size) = (start ?? 0, Math.Min(limit ?? MostPerPage, MostPerPage));
            var page = shown.Skip(from).Take(size).ToList();
            return Results.Content(new JsonObject
            {
                ["size"] = page.Count,
                ["start"] = from,
                ["limit"] = size,
                ["isLastPage"] = from + page.Count >= shown.Count,
                ["values"] = new JsonArray([.. page.Select(c => c.DeepClone())]),
                ["_links"] = new JsonObject { ["base"] = $"{context.Request.Scheme}://{context.Request.Host}" },
            }.ToJsonString(), "application/json");
        });
        app.MapGet("/rest/api/3/issue/{key}/transitions", (string key, HttpContext context) =>
            Refused(context, requests, key, serviceDesk: false) ?? Results.Content(
                new JsonObject { ["transitions"] = new JsonArray([.. Offered(requests.All[key]).Select(t => new JsonObject { ["id"] = t.Id, ["name"] = t.Name, ["isAvailable"] = true })]) }.ToJsonString(),
                "application/json"));
        app.MapPost("/rest/api/3/issue/{key}/transitions", async (string key, HttpContext context) =>
        {
            if (Refused(context, requests, key, serviceDesk: false) is { } refused)
            {
                return refused;
            }

            var id = (await JsonNode.ParseAsync(context.Request.Body))!["transition"]!["id"]!.GetValue<string>();
            var request = requests.All[key];
            if (!Offered(request).Any(t => t.Id == id))
            {
                return Results.Json(new { errorMessages = new[] { $"Transition id '{id}' is not valid for this issue." }, errors = new { } }, statusCode: 400);
            }

            request.Status = request.Status == "Resolved" ? "In Progress" : "Resolved";
            return Results.NoContent();
        });
        app.MapPut("/rest/api/3/issue/{key}", async (string key, HttpContext context) =>
        {
            if (Refused(context, requests, key, serviceDesk: false) is { } refused)
            {
                return refused;
            }

            var request = requests.All[key];
            foreach (var operation in (await JsonNode.ParseAsync(context.Request.Body))!["update"]!["labels"]!.AsArray())
            {
                if (operation!["add"]?.GetValue<string>() is { } label && !request.Labels.Contains(label))
                {
                    request.Labels.Add(label);
                }
            }

            return Results.NoContent();
        });
    }

    public static JsonObject Comment(int n, string body, bool isPublic) => new()
    {
        ["id"] = (10000 + n).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["body"] = body,
        ["public"] = isPublic,
        ["author"] = new JsonObject { ["accountId"] = "5b10a2844c20165700ede21g", ["displayName"] = "CSAT bot", ["active"] = true },
        ["created"] = new JsonObject { ["iso8601"] = "2026-12-01T09:00:00+0000", ["epochMillis"] = 1796115600000 },
    };

    /// <summary>Jira's platform error body: <c>{"errorMessages": […], "errors": {}}</c>.</summary>
    public static string ErrorBody(int status) => new JsonObject
    {
        ["errorMessages"] = new JsonArray(status == 429 ? "Rate limit exceeded." : $"HTTP {status}"),
        ["errors"] = new JsonObject(),
    }.ToJsonString();

    private static (string Id, string Name)[] Offered(JiraRequests.Request request) =>
        request.Status == "Resolved" ? [(JiraRequests.Reopen, "Reopen")] : [("31", "Resolve")];

    /// <summary>401 without the account's credentials, 404 for an issue it does not hold (each API in its own error shape); null when the request may go on.</summary>
    private static IResult? Refused(HttpContext context, JiraRequests requests, string key, bool serviceDesk)
    {
        var expected = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{JiraRequests.User}:{JiraRequests.Token}"));
        if (context.Request.Headers.Authorization.ToString() != expected)
        {
            return Results.Content(ErrorBody(401), "application/json", statusCode: 401);
        }

        if (requests.All.ContainsKey(key))
        {
            return null;
        }

        return serviceDesk
            ? Results.Json(new { errorMessage = "Request does not exist or you do not have permission to see it.", i18nErrorMessage = new { i18nKey = "sd.request.not.found", parameters = Array.Empty<string>() } }, statusCode: 404)
            : Results.Json(new { errorMessages = new[] { "Issue does not exist or you do not have permission to see it." }, errors = new { } }, statusCode: 404);
    }
}
