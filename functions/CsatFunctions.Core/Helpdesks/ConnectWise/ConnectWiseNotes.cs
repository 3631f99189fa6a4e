using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsatFunctions.Helpdesks.Notes;

namespace CsatFunctions.Helpdesks.ConnectWise;

/// <summary>
/// Writes an answer to a ConnectWise PSA ticket as an internal analysis note
/// (<c>POST /service/tickets/{id}/notes</c> with <c>internalAnalysisFlag</c> only), which ConnectWise
/// shows on the ticket's Internal tab and never to the contact. ConnectWise takes no idempotency key,
/// so a note is found again by reading the ticket's notes page by page for the marker.
/// </summary>
/// <param name="pageSize">Notes read per page: ConnectWise's largest, 1000, so a ticket's notes are one call in practice.</param>
public sealed class ConnectWiseNotes(int pageSize = ConnectWiseNotes.MaxPageSize) : HelpdeskNoteWriter
{
    public const int MaxPageSize = 1000;

    /// <summary>A ticket with more notes than this many pages is not read further: no ticket gets there, a runaway server might.</summary>
    private const int MaxPages = 50;

    public override IReadOnlyList<string> Credentials { get; } =
        [ConnectWiseFormat.CompanyId, ConnectWiseFormat.PublicKey, ConnectWiseFormat.PrivateKey, ConnectWiseFormat.ClientId];

    public override IReadOnlyList<string> BottomSettings { get; } = [ConnectWiseFormat.BottomStatus];

    public override async Task<bool> ExistsAsync(HelpdeskNote note, HelpdeskCall call, CancellationToken cancellationToken)
    {
        var id = TicketIds.Numeric(note, call);
        for (var page = 1; page <= MaxPages; page++)
        {
            using var request = ConnectWiseTickets.Request(call.Config, HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"service/tickets/{id}/notes?page={page}&pageSize={pageSize}"));
            using var document = await call.ReadJsonAsync(request, cancellationToken)
                ?? throw new HelpdeskApiException(call.Config.Helpdesk, HttpStatusCode.NotFound, null);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            if (document.RootElement.EnumerateArray().Any(item => NoteBody.Carries(HelpdeskFormat.Text(item, "text"), note.Marker)))
            {
                return true;
            }

            if (document.RootElement.GetArrayLength() < pageSize)
            {
                return false;
            }
        }

        return false;
    }

    public override async Task WriteAsync(HelpdeskNote note, HelpdeskCall call, CancellationToken cancellationToken)
    {
        var id = TicketIds.Numeric(note, call);
        using var request = ConnectWiseTickets.Request(call.Config, HttpMethod.Post, string.Create(CultureInfo.InvariantCulture, $"service/tickets/{id}/notes"));

        // The one flag that makes the note internal; the other two would put it on the ticket's
        // Discussion or Resolution, which the contact sees and ConnectWise may email.
        request.Content = NoteBody.Json(new JsonObject
        {
            ["text"] = note.Text,
            ["detailDescriptionFlag"] = false,
            ["internalAnalysisFlag"] = true,
            ["resolutionFlag"] = false,
        });
        await call.SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// <c>PATCH /service/tickets/{id}</c> with a JSON Patch replacing the status: by id when
    /// <c>BottomStatus</c> is a number, else by name (ConnectWise resolves a reference by either; a
    /// name is looked up on the ticket's own board).
    /// </summary>
    public override async Task MarkBottomAsync(HelpdeskNote note, HelpdeskCall call, CancellationToken cancellationToken)
    {
        if (call.Config[ConnectWiseFormat.BottomStatus] is not { } status)
        {
            return;
        }

        var id = TicketIds.Numeric(note, call);
        using var request = ConnectWiseTickets.Request(call.Config, HttpMethod.Patch, string.Create(CultureInfo.InvariantCulture, $"service/tickets/{id}"));
        var byId = long.TryParse(status, NumberStyles.None, CultureInfo.InvariantCulture, out var statusId);
        request.Content = NoteBody.Json(new JsonArray(new JsonObject
        {
            ["op"] = "replace",
            ["path"] = byId ? "status/id" : "status/name",
            ["value"] = byId ? statusId : (JsonNode)status,
        }));
        await call.SendAsync(request, cancellationToken);
    }
}
