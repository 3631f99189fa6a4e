using CsatFunctions.Surveys;

namespace CsatFunctions.Helpdesks.Notes;

/// <summary>A refused note as the desk lists it: which helpdesk and ticket, when, and why.</summary>
public sealed record RefusedNoteItem(string Helpdesk, string TicketId, DateTimeOffset RefusedAt, string Reason);

/// <summary>
/// The notes the helpdesks refused for good, with their tickets, for the desk. The ticket id is read
/// from the survey (the note table keeps none); an erased survey's note is left out, since it will
/// never be written.
/// </summary>
public sealed class RefusedNotes(HelpdeskNoteTable notes, SurveyTable surveys)
{
    /// <summary>The newest <paramref name="most"/> of them.</summary>
    public async Task<List<RefusedNoteItem>> ListAsync(int most, CancellationToken cancellationToken)
    {
        var items = new List<RefusedNoteItem>();
        foreach (var note in (await notes.ReadRefusedAsync(cancellationToken)).Take(most))
        {
            if ((await surveys.GetAsync(note.SurveyId, cancellationToken))?.Survey is { ErasedAt: null } survey)
            {
                items.Add(new RefusedNoteItem(note.Helpdesk, survey.TicketId, note.RefusedAt, note.Reason));
            }
        }

        return items;
    }
}
