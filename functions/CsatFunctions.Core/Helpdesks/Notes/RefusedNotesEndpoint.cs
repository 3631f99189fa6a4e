using CsatFunctions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Helpdesks.Notes;

/// <summary>
/// <c>POST /api/admin/helpdesk-notes/refused/replay</c>: after the cause is fixed (the credentials, a
/// permission, a ticket restored), queues every note a helpdesk refused for good again, each with its
/// attempts reset. Exactly once still holds: each is reopened only while it still says Refused, and
/// its claim writes it once; a note refused again is listed again.
/// </summary>
public sealed class RefusedNotesEndpoint(HelpdeskNoteTable notes, JsonQueue<HelpdeskNoteMessage> queue, ILogger<RefusedNotesEndpoint> logger)
{
    public async Task<IResult> ReplayAsync(CancellationToken cancellationToken)
    {
        var refused = await notes.ReadRefusedAsync(cancellationToken);
        foreach (var note in refused)
        {
            var message = new HelpdeskNoteMessage(note.SurveyId, note.RatedAt);
            await notes.ReopenAsync(message, cancellationToken);
            await queue.EnqueueAsync(message, null, cancellationToken);
            await notes.ForgetRefusalAsync(note, cancellationToken);
        }

        logger.LogInformation("Queued {Replayed} refused note(s) again.", refused.Count);
        return Results.Json(new PoisonReplayAnswer(refused.Count, 0), CsatJson.Default.PoisonReplayAnswer);
    }
}
