using CsatFunctions.Storage;
using CsatFunctions.Telemetry;

namespace CsatFunctions.Surveys;

/// <summary>
/// A claimed survey email's send (<see cref="ExactlyOnceSend"/>): its reminder queued first, so no
/// crash can lose it, then the email; SendGrid's refusal is kept for the team to see.
/// </summary>
public sealed class SurveySend(
    CsatOptions options,
    JsonQueue<SurveyMessage> queue,
    JsonQueue<ReminderMessage> reminders,
    SurveyEmail email,
    ExactlyOnceSend send,
    SurveyFailureLog failures,
    CsatMetrics metrics,
    TimeProvider time)
{
    /// <summary>Hides the message again for what is left when the survey email may not leave yet (<see cref="Survey.SendAfter"/>).</summary>
    /// <returns>Whether it was hidden: nothing is sent now.</returns>
    public async Task<bool> HidUntilDueAsync(SurveyMessage message, Survey survey, CancellationToken cancellationToken)
    {
        if (SurveyMessage.Hidden(survey, time.GetUtcNow(), options) is not { } early)
        {
            return false;
        }

        await queue.EnqueueAsync(message, early, cancellationToken);
        return true;
    }

    /// <summary>Requeues the message for when another mailer's live claim on the email runs out (<see cref="ExactlyOnceSend.LiveClaimWait"/>).</summary>
    /// <returns>Whether a claim is live: nothing is sent now.</returns>
    public async Task<bool> WaitedForLiveClaimAsync(SurveyMessage message, Survey survey, CancellationToken cancellationToken)
    {
        if (ExactlyOnceSend.LiveClaimWait(OutgoingEmail.Survey.Progress(survey), time.GetUtcNow()) is not { } wait)
        {
            return false;
        }

        await queue.EnqueueAsync(message, wait, cancellationToken);
        return true;
    }

    public async Task SendAsync(Survey survey, DateTimeOffset claimExpiresAt, int attempt, CancellationToken cancellationToken)
    {
        // Queued with every claim, before the send; the reminder mailer sends one reminder however
        // many of these there are.
        if (options.ReminderAfter > TimeSpan.Zero)
        {
            await reminders.EnqueueAsync(new ReminderMessage(survey.Id), ReminderMessage.Delay(options.ReminderAfter, options), cancellationToken);
        }

        var (outcome, reason) = await send.SendAsync(
            survey.Id,
            OutgoingEmail.Survey,
            email.Compose(survey, reminder: false),
            attempt,
            claimExpiresAt,
            (next, delay) => queue.EnqueueAsync(new SurveyMessage(survey.Id, next), delay, CancellationToken.None),
            cancellationToken);
        if (outcome == SendOutcome.Sent)
        {
            metrics.SurveySent(survey.Campaign is not null);
        }
        else if (outcome == SendOutcome.Refused)
        {
            await failures.RecordAsync(new SurveyFailure(survey.Id, survey.TicketId, reason!, time.GetUtcNow()), CancellationToken.None);
        }
    }
}
