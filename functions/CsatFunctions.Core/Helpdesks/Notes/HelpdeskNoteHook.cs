using CsatFunctions.Storage;
using CsatFunctions.Surveys;

namespace CsatFunctions.Helpdesks.Notes;

/// <summary>
/// After every recorded answer (and every change of mind) of a ticket from a helpdesk with
/// <c>WriteBack</c> = <c>note</c>: queues its note. Called again on repair, it queues the same answer
/// version again, which the step's claim writes once.
/// </summary>
public sealed class HelpdeskNoteHook(CsatOptions options, JsonQueue<HelpdeskNoteMessage> queue) : IAnswerHook
{
    public async Task OnAnswerAsync(Survey survey, CancellationToken cancellationToken)
    {
        if (survey is { RatedAt: { } ratedAt, ErasedAt: null, Campaign: null }
            && options.Helpdesks.TryGetValue(survey.Source, out var config)
            && WriteBackSettings.WritesNotes(config))
        {
            await queue.EnqueueAsync(new HelpdeskNoteMessage(survey.Id, ratedAt), null, cancellationToken);
        }
    }
}
