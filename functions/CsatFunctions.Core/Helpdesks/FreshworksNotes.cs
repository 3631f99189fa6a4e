using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsatFunctions.Helpdesks.Notes;
using CsatFunctions.Settings;

namespace CsatFunctions.Helpdesks;

/// <summary>
/// Freshdesk's and Freshservice's API v2, which Freshworks built alike: Basic authentication with the
/// agent's API key as the user name and <c>X</c> as the password; a private note is
/// <c>POST /api/v2/tickets/{id}/notes</c> <c>{"body": html, "private": true}</c>; the ticket's notes
/// and replies are <c>GET /api/v2/tickets/{id}/conversations</c>, up to 100 a page (<c>per_page</c>),
/// with a <c>Link: &lt;…&gt;; rel="next"</c> header while more follow; a ticket's status and tags are
/// set with <c>PUT /api/v2/tickets/{id}</c>, where <c>tags</c> replaces the whole list. Neither has an
/// idempotency key for notes: the pipeline's claim and <see cref="ExistsAsync"/> keep a note single.
/// </summary>
public abstract class FreshworksNotes : HelpdeskNoteWriter
{
    public const string ApiKey = "ApiKey";

    /// <summary>A status id (2 Open, 3 Pending…) a bottom answer's ticket is set to.</summary>
    public const string BottomStatus = "BottomStatus";

    /// <summary>A tag a bottom answer's ticket gets, beside the tags it has.</summary>
    public const string BottomTag = "BottomTag";

    private const int PageSize = 100;

    public override IReadOnlyList<string> Credentials => [ApiKey];

    public override IReadOnlyList<string> BottomSettings => [BottomStatus, BottomTag];

    /// <summary>The settings this API reads, for the format's <see cref="HelpdeskFormat.Settings"/>.</summary>
    public static IReadOnlyList<string> Settings { get; } = [ApiCredentials.ApiUrl, ApiKey, BottomStatus, BottomTag];

    /// <summary>Checks the API's settings where they are set, one line per key; the pipeline requires them when <c>WriteBack</c> is <c>note</c>.</summary>
    /// <param name="example">The vendor's <c>ApiUrl</c>, for the error message.</param>
    public static void Validate(HelpdeskConfig config, SettingsReader settings, string example)
    {
        ApiCredentials.Validate(config, settings, example, ApiKey);
        if (config[BottomStatus] is { } status)
        {
            settings.Require(
                status.Length <= 9 && status.All(char.IsAsciiDigit) && status[0] != '0',
                $"{HelpdeskSettings.Key(config.Helpdesk, BottomStatus)} must be a status id, such as 2 (Open).");
        }

        if (config[BottomTag] is { } tag)
        {
            settings.Require(
                !tag.Any(c => char.IsControl(c) || c == ','),
                $"{HelpdeskSettings.Key(config.Helpdesk, BottomTag)} must be one tag on one line without commas, such as csat-follow-up.");
        }
    }

    /// <summary>The conversations in one page of the list: Freshdesk answers an array, Freshservice <c>{"conversations": […]}</c>.</summary>
    protected abstract JsonElement Conversations(JsonElement page);

    /// <summary>The ticket in <c>GET /api/v2/tickets/{id}</c>'s answer: Freshdesk's is the answer, Freshservice's is under <c>ticket</c>.</summary>
    protected abstract JsonElement Ticket(JsonElement answer);

    public override async Task<bool> ExistsAsync(HelpdeskNote note, HelpdeskCall call, CancellationToken cancellationToken)
    {
        var ticket = TicketIds.Numeric(note, call);
        for (var page = 1; ; page++)
        {
            using var request = Request(call, HttpMethod.Get, $"tickets/{ticket}/conversations?page={page}&per_page={PageSize}");
            var (json, headers) = await call.ReadPageAsync(request, cancellationToken);
            using (json)
            {
                if (json is null)
                {
                    throw new HelpdeskApiException(call.Config.Helpdesk, HttpStatusCode.NotFound, headers);
                }

                var conversations = Conversations(json.RootElement);
                if (conversations.ValueKind == JsonValueKind.Array
                    && conversations.EnumerateArray().Any(c => NoteBody.Carries(Text(c, "body_text"), note.Marker) || NoteBody.Carries(Text(c, "body"), note.Marker)))
                {
                    return true;
                }
            }

            if (!headers.TryGetValues("Link", out var links) || !links.Any(link => link.Contains("rel=\"next\"", StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }
        }
    }

    public override async Task WriteAsync(HelpdeskNote note, HelpdeskCall call, CancellationToken cancellationToken)
    {
        using var request = Request(call, HttpMethod.Post, $"tickets/{TicketIds.Numeric(note, call)}/notes");
        request.Content = NoteBody.Json(new JsonObject { ["body"] = note.Html.ToString(), ["private"] = true });
        await call.SendAsync(request, cancellationToken);
    }

    /// <summary>Reads the ticket, then sends only what differs: the status if it is another, the tags with the bottom tag added if it lacks it.</summary>
    public override async Task MarkBottomAsync(HelpdeskNote note, HelpdeskCall call, CancellationToken cancellationToken)
    {
        var status = call.Config[BottomStatus];
        var tag = call.Config[BottomTag];
        if (status is null && tag is null)
        {
            return;
        }

        var ticket = TicketIds.Numeric(note, call);
        var update = new JsonObject();
        using (var read = Request(call, HttpMethod.Get, $"tickets/{ticket}"))
        using (var answer = await call.ReadJsonAsync(read, cancellationToken) ?? throw new HelpdeskApiException(call.Config.Helpdesk, HttpStatusCode.NotFound, null))
        {
            var current = Ticket(answer.RootElement);
            if (status is not null && Text(current, "status") != status)
            {
                update["status"] = int.Parse(status, System.Globalization.CultureInfo.InvariantCulture);
            }

            var tags = current.ValueKind == JsonValueKind.Object && current.TryGetProperty("tags", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(t => t.GetString()).OfType<string>().ToList()
                : [];
            if (tag is not null && !tags.Contains(tag, StringComparer.OrdinalIgnoreCase))
            {
                update["tags"] = new JsonArray([.. tags.Append(tag).Select(t => JsonValue.Create(t))]);
            }
        }

        if (update.Count == 0)
        {
            return;
        }

        using var request = Request(call, HttpMethod.Put, $"tickets/{ticket}");
        request.Content = NoteBody.Json(update);
        await call.SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// A request to <c>{ApiUrl}/api/v2/{path}</c> with the API key. An <c>ApiUrl</c> that already ends
    /// in <c>/api/v2</c> (as Freshservice's was documented before write-back) is taken as it is.
    /// </summary>
    private static HttpRequestMessage Request(HelpdeskCall call, HttpMethod method, string path)
    {
        var root = call.Config.Url(ApiCredentials.ApiUrl)!;
        var prefix = root.AbsolutePath.EndsWith("/api/v2/", StringComparison.OrdinalIgnoreCase) ? "" : "api/v2/";
        var request = new HttpRequestMessage(method, new Uri(root, prefix + path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{call.Config[ApiKey]}:X")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private static string? Text(JsonElement element, string name) => HelpdeskFormat.Text(element, name);
}
