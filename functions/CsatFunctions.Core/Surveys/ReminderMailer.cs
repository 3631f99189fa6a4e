using CsatFunctions.Consent;
using CsatFunctions.Storage;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Surveys;

/// <summary>
/// The queue step behind <c>Csat__ReminderAfterDays</c>: when a survey's reminder comes due, sends
/// it once (<see cref="ExactlyOnceSend"/>) to a customer who has not answered, whose email was not
/// undeliverable, and who is neither unsubscribed nor suppressed. A message woken before it is due,
/// by the clock this pipeline keeps, hides again for what is left.
/// </summary>
public sealed class ReminderMailer(
    CsatOptions options,
    SurveyTable surveys,
    CustomerRegistry customers,
    JsonQueue<ReminderMessage> queue,
    ExactlyOnceSend send,
    ReminderSend reminderSend,
    TimeProvider time,
    ILogger<ReminderMailer> logger) : IQueueHandler<ReminderMessage>
{
    private const int ClaimAttempts = 3;

    /// <exception cref="SendGridUnavailableException">SendGrid kept failing through every back-off; let the queue retry and poison.</exception>
    public async Task HandleAsync(ReminderMessage message, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= ClaimAttempts; attempt++)
        {
            if (options.ReminderAfter == TimeSpan.Zero || await surveys.GetAsync(message.SurveyId, cancellationToken) is not { } stored)
            {
                return;
            }

            var survey = stored.Survey;
            var now = time.GetUtcNow();
            if (await NotYetAsync(message, survey, now, cancellationToken))
            {
                return;
            }

            var progress = OutgoingEmail.Reminder.Progress(survey);
            switch (progress.State)
            {
                case EmailState.Sent:
                    await reminderSend.RefileAsync(survey, cancellationToken);
                    return;
                case EmailState.Failed or EmailState.Skipped:
                    return;
            }

            if (ExactlyOnceSend.LiveClaimWait(progress, now) is { } wait)
            {
                await queue.EnqueueAsync(message, wait, cancellationToken);
                return;
            }

            if (survey.ReminderProcessedAt is { } processedAt)
            {
                await reminderSend.RecordProcessedAsync(survey, processedAt, cancellationToken);
                return;
            }

            if (survey.Rating is not null || survey.Delivery == DeliveryState.Undeliverable || survey.CustomerEmail is null
                || SkipReasons.For(await customers.GetAsync(survey.CustomerEmail, cancellationToken)) is not null)
            {
                return;
            }

            if (await send.TryClaimAsync(stored, OutgoingEmail.Reminder, cancellationToken) is { } claimExpiresAt)
            {
                await reminderSend.SendAsync(survey, claimExpiresAt, message.Attempt + 1, cancellationToken);
                return;
            }
        }

        throw new InvalidOperationException($"Could not claim the reminder of survey {message.SurveyId} after {ClaimAttempts} attempts; the message will be retried.");
    }

    /// <summary>
    /// True when this message has nothing to do yet (or ever): the survey email is not sent yet, or
    /// its reminder is not due. The message is hidden again when it will have something to do.
    /// </summary>
    private async Task<bool> NotYetAsync(ReminderMessage message, Survey survey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        switch (survey.Email)
        {
            case EmailState.Sending when ExactlyOnceSend.LiveClaimWait(OutgoingEmail.Survey.Progress(survey), now) is { } wait:
                // The send that queued this message is still under way.
                await queue.EnqueueAsync(message, wait, cancellationToken);
                return true;
            case EmailState.Sent when survey.SentAt + options.ReminderAfter is { } due && due > now:
                await queue.EnqueueAsync(message, ReminderMessage.Delay(due - now, options), cancellationToken);
                return true;
            case EmailState.Sent:
                return false;
            default:
                // Never sent, or a mailer will claim it again and queue a reminder of its own with that claim.
                logger.LogDebug("Survey {SurveyId} was not sent ({State}); its reminder message is dropped.", survey.Id, survey.Email);
                return true;
        }
    }
}
