using CsatFunctions.Helpdesks.Notes;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Admin;

/// <summary>
/// What an operator reads: surveys SendGrid refused for good, and how many messages wait in each
/// queue's poison queue (<see cref="Poisoned"/>, by queue name, for every queue in <see cref="QueueStepList"/>).
/// The four named counts came first and stay for the scripts that read them. <see cref="RefusedNotes"/>
/// counts the notes a helpdesk refused for good (listed on the desk; <c>POST /api/admin/helpdesk-notes/refused/replay</c>).
/// </summary>
public sealed record FailedSurveysAnswer(
    IReadOnlyList<SurveyFailure> Failed,
    int PoisonedMessages,
    int PoisonedAlerts,
    int PoisonedReminders,
    int PoisonedDeliveryEvents,
    IReadOnlyDictionary<string, int> Poisoned,
    int RefusedNotes);

/// <summary><c>GET /api/admin/surveys/failed</c>: the surveys and messages that did not go out; <c>POST /api/admin/{queue}/poison/replay</c> replays a queue's.</summary>
public sealed class FailedSurveysEndpoint(SurveyFailureLog failures, QueueSteps steps, RefusedNotes refusedNotes)
{
    public async Task<IResult> GetAsync(CancellationToken cancellationToken)
    {
        var poisoned = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var step in steps.All)
        {
            poisoned[step.Name] = (await step.Poison.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        }

        var answer = new FailedSurveysAnswer(
            await failures.ReadAllAsync(cancellationToken),
            poisoned[QueueStepList.Surveys],
            poisoned[QueueStepList.Alerts],
            poisoned[QueueStepList.Reminders],
            poisoned[QueueStepList.DeliveryEvents],
            poisoned,
            // Counted as the desk lists them: an erased survey's note will never be written, so it is not waiting on anyone.
            (await refusedNotes.ListAsync(int.MaxValue, cancellationToken)).Count);
        return Results.Json(answer, CsatJson.Default.FailedSurveysAnswer);
    }
}
