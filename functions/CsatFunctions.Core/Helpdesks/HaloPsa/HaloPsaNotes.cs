using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsatFunctions.Helpdesks.Notes;

namespace CsatFunctions.Helpdesks.HaloPsa;

/// <summary>
/// Writes an answer to a Halo ticket as a private action (<c>POST /Actions</c> with the outcome
/// <c>Private Note</c> and <c>hiddenfromuser</c>, no email), and finds it again by reading the
/// ticket's actions page by page (<c>GET /Actions?ticket_id=</c>) for the marker. Every call carries
/// the client credentials' bearer token (<see cref="HaloPsaToken"/>). Halo takes no idempotency key.
/// </summary>
/// <param name="pageSize">Actions read per page.</param>
public sealed class HaloPsaNotes(int pageSize = 100) : HelpdeskNoteWriter
{
    /// <summary>Halo's built-in outcome for a note only agents see.</summary>
    public const string PrivateNote = "Private Note";

    /// <summary>A ticket with more pages of actions than this is not read further.</summary>
    private const int MaxPages = 50;

    private readonly HaloPsaToken token = new();

    public override IReadOnlyList<string> Credentials { get; } = [HaloPsaFormat.ClientId, HaloPsaFormat.ClientSecret];

    public override IReadOnlyList<string> BottomSettings { get; } = [HaloPsaFormat.BottomStatus];

    public override async Task<bool> ExistsAsync(HelpdeskNote note, HelpdeskCall call, CancellationToken cancellationToken)
    {
        var id = TicketIds.Numeric(note, call);
        for (var page = 1; page <= MaxPages; page++)
        {
            using var request = await RequestAsync(call, HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"Actions?ticket_id={id}&includehtmlnote=true&pageinate=true&page_size={pageSize}&page_no={page}"), null, cancellationToken);
            using var document = await ReadAsync(call, request, cancellationToken);
            if (document.RootElement is not { ValueKind: JsonValueKind.Object } root
                || !root.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            if (actions.EnumerateArray().Any(action =>
                    NoteBody.Carries(HelpdeskFormat.Text(action, "note"), note.Marker) || NoteBody.Carries(HelpdeskFormat.Text(action, "note_html"), note.Marker)))
            {
                return true;
            }

            var total = root.TryGetProperty("record_count", out var count) && count.TryGetInt32(out var records) ? records : 0;
            if (actions.GetArrayLength() < pageSize || page * pageSize >= total)
            {
                return false;
            }
        }

        return false;
    }

    public override async Task WriteAsync(HelpdeskNote note, HelpdeskCall call, CancellationToken cancellationToken)
    {
        // Halo's POST endpoints take an array of the records to create or update.
        var body = NoteBody.Json(new JsonArray(new JsonObject
        {
            ["ticket_id"] = TicketIds.Numeric(note, call),
            ["outcome"] = PrivateNote,
            ["hiddenfromuser"] = true,
            ["sendemail"] = false,
            ["note"] = note.Text,
            ["note_html"] = note.Html.ToString(),
        }));
        using var request = await RequestAsync(call, HttpMethod.Post, "Actions", body, cancellationToken);
        await SendAsync(call, request, cancellationToken);
    }

    /// <summary><c>POST /Tickets</c> with the ticket's id and <c>status_id</c> = <c>BottomStatus</c>.</summary>
    public override async Task MarkBottomAsync(HelpdeskNote note, HelpdeskCall call, CancellationToken cancellationToken)
    {
        if (call.Config[HaloPsaFormat.BottomStatus] is not { } status)
        {
            return;
        }

        var body = NoteBody.Json(new JsonArray(new JsonObject
        {
            ["id"] = TicketIds.Numeric(note, call),
            ["status_id"] = long.Parse(status, CultureInfo.InvariantCulture),
        }));
        using var request = await RequestAsync(call, HttpMethod.Post, "Tickets", body, cancellationToken);
        await SendAsync(call, request, cancellationToken);
    }

    private async Task<HttpRequestMessage> RequestAsync(HelpdeskCall call, HttpMethod method, string path, HttpContent? body, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, new Uri(call.Config.Url(ApiCredentials.ApiUrl)!, path)) { Content = body };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await token.GetAsync(call, cancellationToken));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    /// <returns>The JSON answer; a 404 is thrown as a write's would be (the ticket is gone).</returns>
    private async Task<JsonDocument> ReadAsync(HelpdeskCall call, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await call.ReadJsonAsync(request, cancellationToken)
                ?? throw new HelpdeskApiException(call.Config.Helpdesk, HttpStatusCode.NotFound, null);
        }
        catch (HelpdeskApiException refused) when (refused.Status == HttpStatusCode.Unauthorized)
        {
            // Halo revoked or expired the token early: the pipeline's next attempt fetches a new one.
            token.Forget(request.Headers.Authorization!.Parameter!);
            throw;
        }
    }

    private async Task SendAsync(HelpdeskCall call, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            await call.SendAsync(request, cancellationToken);
        }
        catch (HelpdeskApiException refused) when (refused.Status == HttpStatusCode.Unauthorized)
        {
            token.Forget(request.Headers.Authorization!.Parameter!);
            throw;
        }
    }
}
