using CsatFunctions.Alerts;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using CsatFunctions.Surveys.Delivery;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Admin;

/// <summary>
/// What an operator reads: surveys SendGrid refused for good, how many survey messages wait in their
/// poison queue, how many bad-rating alerts could not be delivered and wait in theirs, and likewise
/// reminders and batches of SendGrid's events.
/// </summary>
public sealed record FailedSurveysAnswer(IReadOnlyList<SurveyFailure> Failed, int PoisonedMessages, int PoisonedAlerts, int PoisonedReminders, int PoisonedDeliveryEvents);

/// <summary><c>GET /api/admin/surveys/failed</c>: the surveys and alerts that did not go out, and why; each poison queue has its replay route.</summary>
public sealed class FailedSurveysEndpoint(
    SurveyFailureLog failures,
    JsonQueue<SurveyMessage> surveyQueue,
    JsonQueue<RatingAlertMessage> alertQueue,
    JsonQueue<ReminderMessage> reminderQueue,
    JsonQueue<DeliveryEventsMessage> eventQueue)
{
    public async Task<IResult> GetAsync(CancellationToken cancellationToken)
    {
        async Task<int> Poisoned(Azure.Storage.Queues.QueueClient poison) => (await poison.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        var answer = new FailedSurveysAnswer(
            await failures.ReadAllAsync(cancellationToken),
            await Poisoned(surveyQueue.Poison),
            await Poisoned(alertQueue.Poison),
            await Poisoned(reminderQueue.Poison),
            await Poisoned(eventQueue.Poison));
        return Results.Json(answer, CsatJson.Default.FailedSurveysAnswer);
    }
}
