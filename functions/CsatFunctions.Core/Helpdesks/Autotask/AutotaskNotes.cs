using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsatFunctions.Helpdesks.Notes;

namespace CsatFunctions.Helpdesks.Autotask;

/// <summary>
/// Writes an answer to an Autotask ticket as a ticket note (<c>POST /Tickets/{id}/Notes</c>) published
/// to internal users only, and finds it again with a <c>TicketNotes</c> query on the ticket, page by
/// page, for the marker. Autotask takes no idempotency key on a create.
/// </summary>
public sealed class AutotaskNotes : HelpdeskNoteWriter
{
    /// <summary>The note's title is at most 250 characters in Autotask.</summary>
    private const int MaxTitle = 250;

    /// <summary>Autotask pages a query at 500 items; a ticket with more pages than this is not read further.</summary>
    private const int MaxPages = 20;

    public override IReadOnlyList<string> Credentials { get; } = [AutotaskApi.ApiIntegrationCode, AutotaskApi.ApiUser, AutotaskApi.ApiSecret];

    public override IReadOnlyList<string> BottomSettings { get; } = [AutotaskFormat.BottomStatus];

    /// <summary>
    /// Autotask allows 10,000 calls an hour per database, shared by every integration and by our own
    /// look-ups (https://ww1.autotask.net/help/DeveloperHelp/Content/APIs/REST/General_Topics/REST_Thresholds_Limits.htm):
    /// 1.25 notes a second, 4,500 an hour, stays under half of it.
    /// </summary>
    public override double DefaultNotesPerSecond => 1.25;

    public override async Task<bool> ExistsAsync(HelpdeskNote note, HelpdeskCall call, CancellationToken cancellationToken)
    {
        var api = new AutotaskApi(call);
        var search = $$"""{"filter":[{"op":"eq","field":"ticketID","value":{{TicketIds.Numeric(note, call)}}}]}""";
        var path = $"TicketNotes/query?search={Uri.EscapeDataString(search)}";
        for (var page = 0; page < MaxPages && path is not null; page++)
        {
            using var request = api.Request(HttpMethod.Get, path);
            using var document = await call.ReadJsonAsync(request, cancellationToken)
                ?? throw new HelpdeskApiException(call.Config.Helpdesk, HttpStatusCode.NotFound, null);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            if (items.EnumerateArray().Any(item => NoteBody.Carries(HelpdeskFormat.Text(item, "description"), note.Marker)))
            {
                return true;
            }

            path = NextPage(root, call.Config);
        }

        return false;
    }

    public override async Task WriteAsync(HelpdeskNote note, HelpdeskCall call, CancellationToken cancellationToken)
    {
        var id = TicketIds.Numeric(note, call);
        var noteType = long.Parse(call.Config[AutotaskFormat.NoteType] ?? AutotaskFormat.DefaultNoteType, System.Globalization.CultureInfo.InvariantCulture);
        var publish = long.Parse(call.Config[AutotaskFormat.NotePublish] ?? AutotaskFormat.InternalOnly, System.Globalization.CultureInfo.InvariantCulture);
        var body = NoteBody.Json(new JsonObject
        {
            ["ticketID"] = id,
            ["title"] = Title(note.Text),
            ["description"] = note.Text,
            ["noteType"] = noteType,
            ["publish"] = publish,
        });
        using var request = new AutotaskApi(call).Request(HttpMethod.Post, $"Tickets/{id}/Notes", body);
        await call.SendAsync(request, cancellationToken);
    }

    /// <summary><c>PATCH /Tickets</c> with the ticket's id and <c>BottomStatus</c>, a status id of the ticket status picklist.</summary>
    public override async Task MarkBottomAsync(HelpdeskNote note, HelpdeskCall call, CancellationToken cancellationToken)
    {
        if (call.Config[AutotaskFormat.BottomStatus] is not { } status)
        {
            return;
        }

        var body = NoteBody.Json(new JsonObject
        {
            ["id"] = TicketIds.Numeric(note, call),
            ["status"] = long.Parse(status, System.Globalization.CultureInfo.InvariantCulture),
        });
        using var request = new AutotaskApi(call).Request(HttpMethod.Patch, "Tickets", body);
        await call.SendAsync(request, cancellationToken);
    }

    /// <summary>The note's first line, as its title (which some Autotask ticket categories require).</summary>
    private static string Title(string text)
    {
        var firstLine = text.Split('\n', 2)[0].Trim();
        return firstLine.Length <= MaxTitle ? firstLine : firstLine[..MaxTitle];
    }

    /// <summary>
    /// The query's next page, from <c>pageDetails.nextPageUrl</c>: only its path and query are taken,
    /// on the configured <c>ApiUrl</c>'s site, so a URL in an answer never sends the API user's
    /// headers elsewhere. Null on the last page.
    /// </summary>
    private static string? NextPage(JsonElement root, HelpdeskConfig config)
    {
        if (HelpdeskFormat.Text(root, "pageDetails", "nextPageUrl") is not { } next || !Uri.TryCreate(next, UriKind.Absolute, out var url))
        {
            return null;
        }

        var apiPath = config.Url(AutotaskApi.ApiUrl)!.AbsolutePath;
        return url.AbsolutePath.StartsWith(apiPath, StringComparison.OrdinalIgnoreCase) ? url.PathAndQuery[apiPath.Length..] : null;
    }
}
