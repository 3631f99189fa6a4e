using CsatFunctions.Storage;
using CsatFunctions.Telemetry;

namespace CsatFunctions.Surveys;

/// <summary>
/// A claimed reminder's send (<see cref="ExactlyOnceSend"/>), and what a sent reminder changes: the
/// survey is filed again, so the score counts it as reminded.
/// </summary>
public sealed class ReminderSend(
    SurveyTable surveys,
    ICountsSurveys counted,
    JsonQueue<ReminderMessage> queue,
    SurveyEmail email,
    ExactlyOnceSend send,
    CsatMetrics metrics,
    TimeProvider time)
{
    public async Task SendAsync(Survey survey, DateTimeOffset claimExpiresAt, int attempt, CancellationToken cancellationToken)
    {
        var (outcome, _) = await send.SendAsync(
            survey.Id,
            OutgoingEmail.Reminder,
            email.Compose(survey, reminder: true),
            attempt,
            claimExpiresAt,
            (next, delay) => queue.EnqueueAsync(new ReminderMessage(survey.Id, next), delay, CancellationToken.None),
            cancellationToken);
        if (outcome == SendOutcome.Sent)
        {
            metrics.ReminderSent();
            await counted.FileAsync(survey with { RemindedAt = time.GetUtcNow() }, CancellationToken.None);
        }
    }

    /// <summary>SendGrid's processed event says a mailer sent the reminder and did not live to record it.</summary>
    public async Task RecordProcessedAsync(Survey survey, DateTimeOffset processedAt, CancellationToken cancellationToken)
    {
        await surveys.MarkSentAsync(survey.Id, OutgoingEmail.Reminder, processedAt, cancellationToken);
        await counted.FileAsync(survey with { RemindedAt = processedAt }, cancellationToken);
        metrics.ReminderSent();
    }

    /// <summary>Files a sent reminder again: one recorded by a mailer that died before counting it is counted now.</summary>
    public Task RefileAsync(Survey survey, CancellationToken cancellationToken) => counted.FileAsync(survey, cancellationToken);
}
