using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsatFunctions.Helpdesks.Notes;

namespace CsatFunctions.Helpdesks.Jira;

/// <summary>
/// Writes an answer as an internal comment on its Jira Service Management request, with Basic
/// authentication (the account's email and an API token): <c>POST
/// /rest/servicedeskapi/request/{issueIdOrKey}/comment</c> <c>{"body": text, "public": false}</c>; read
/// back with <c>GET …/comment?public=false&amp;internal=true</c>, paged by <c>start</c> and <c>limit</c>
/// until <c>isLastPage</c>. Neither is experimental, so no <c>X-ExperimentalApi</c> header is sent.
/// Jira has no idempotency key for comments: the pipeline's claim and <see cref="ExistsAsync"/> keep
/// one single.
/// </summary>
public sealed partial class JiraNotes : HelpdeskNoteWriter
{
    public const string ApiUser = "ApiUser";
    public const string ApiToken = "ApiToken";

    /// <summary>A label a bottom answer's issue gets (Jira labels have no spaces).</summary>
    public const string BottomTag = "BottomTag";

    /// <summary>The id of a workflow transition a bottom answer's issue takes (such as back to <i>In progress</i>), when the issue's status offers it.</summary>
    public const string BottomTransition = "BottomTransition";

    private const int PageSize = 100;

    public override IReadOnlyList<string> Credentials => [ApiUser, ApiToken];

    public override IReadOnlyList<string> BottomSettings => [BottomTag, BottomTransition];

    public override async Task<bool> ExistsAsync(HelpdeskNote note, HelpdeskCall call, CancellationToken cancellationToken)
    {
        var issue = Segment(note, call);
        for (var start = 0; ;)
        {
            using var answer = await ReadAsync(call, $"rest/servicedeskapi/request/{issue}/comment?public=false&internal=true&start={start}&limit={PageSize}", cancellationToken);
            var root = answer.RootElement;
            var values = root.TryGetProperty("values", out var list) && list.ValueKind == JsonValueKind.Array ? [.. list.EnumerateArray()] : new List<JsonElement>();
            if (values.Any(comment => NoteBody.Carries(HelpdeskFormat.Text(comment, "body"), note.Marker)))
            {
                return true;
            }

            if (values.Count == 0 || !root.TryGetProperty("isLastPage", out var last) || last.ValueKind != JsonValueKind.False)
            {
                return false;
            }

            start += values.Count;
        }
    }

    public override async Task WriteAsync(HelpdeskNote note, HelpdeskCall call, CancellationToken cancellationToken)
    {
        using var request = Request(call, HttpMethod.Post, $"rest/servicedeskapi/request/{Segment(note, call)}/comment");
        request.Content = NoteBody.Json(new JsonObject { ["body"] = note.Wiki, ["public"] = false });
        await call.SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// Takes the configured transition if the issue's status offers it (once taken, it is no longer
    /// offered: asking again changes nothing), then adds the label with Jira's own add operation, which
    /// keeps the issue's other labels and does nothing when the label is there.
    /// </summary>
    public override async Task MarkBottomAsync(HelpdeskNote note, HelpdeskCall call, CancellationToken cancellationToken)
    {
        var issue = Segment(note, call);
        if (call.Config[BottomTransition] is { } transition)
        {
            bool offered;
            using (var answer = await ReadAsync(call, $"rest/api/3/issue/{issue}/transitions", cancellationToken))
            {
                offered = answer.RootElement.TryGetProperty("transitions", out var transitions) && transitions.ValueKind == JsonValueKind.Array
                    && transitions.EnumerateArray().Any(t => HelpdeskFormat.Text(t, "id") == transition);
            }

            if (offered)
            {
                using var request = Request(call, HttpMethod.Post, $"rest/api/3/issue/{issue}/transitions");
                request.Content = NoteBody.Json(new JsonObject { ["transition"] = new JsonObject { ["id"] = transition } });
                await call.SendAsync(request, cancellationToken);
            }
        }

        if (call.Config[BottomTag] is { } label)
        {
            using var request = Request(call, HttpMethod.Put, $"rest/api/3/issue/{issue}");
            request.Content = NoteBody.Json(new JsonObject { ["update"] = new JsonObject { ["labels"] = new JsonArray(new JsonObject { ["add"] = label }) } });
            await call.SendAsync(request, cancellationToken);
        }
    }

    private static async Task<JsonDocument> ReadAsync(HelpdeskCall call, string path, CancellationToken cancellationToken)
    {
        using var request = Request(call, HttpMethod.Get, path);
        return await call.ReadJsonAsync(request, cancellationToken) ?? throw new HelpdeskApiException(call.Config.Helpdesk, HttpStatusCode.NotFound, null);
    }

    private static HttpRequestMessage Request(HelpdeskCall call, HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(call.Config.Url(ApiCredentials.ApiUrl)!, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{call.Config[ApiUser]}:{call.Config[ApiToken]}")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    /// <summary>The issue key (<c>HELP-12</c>) or id as a path segment; no issue has any other shape, so the answer is the API's own 404 without asking it.</summary>
    private static string Segment(HelpdeskNote note, HelpdeskCall call) =>
        IssueIdOrKey().IsMatch(note.TicketId) ? note.TicketId : throw TicketIds.NoSuchTicket(call);

    [GeneratedRegex("^(?:[0-9]{1,18}|[A-Za-z][A-Za-z0-9_]{0,254}-[0-9]{1,18})$")]
    private static partial Regex IssueIdOrKey();
}
