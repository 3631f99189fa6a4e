using CsatFunctions.Consent;
using CsatFunctions.Scores;
using CsatFunctions.Storage;
using CsatFunctions.Telemetry;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Surveys;

/// <summary>
/// The queue step: sends one survey's email through SendGrid, exactly once per survey
/// (<see cref="ExactlyOnceSend"/>), and queues its reminder with the send.
/// </summary>
public sealed class SurveyMailer(
    CsatOptions options,
    SurveyTable surveys,
    SurveyFailureLog failures,
    CustomerRegistry customers,
    CountedSurveys counted,
    JsonQueue<SurveyMessage> queue,
    JsonQueue<ReminderMessage> reminders,
    SurveyEmail email,
    ExactlyOnceSend send,
    CsatMetrics metrics,
    TimeProvider time,
    ILogger<SurveyMailer> logger) : IQueueHandler<SurveyMessage>
{
    private const int ClaimAttempts = 3;

    /// <exception cref="SendGridUnavailableException">SendGrid kept failing through every back-off; let the queue retry and poison.</exception>
    public async Task HandleAsync(SurveyMessage message, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= ClaimAttempts; attempt++)
        {
            var stored = await surveys.GetAsync(message.SurveyId, cancellationToken);
            if (stored is null)
            {
                logger.LogWarning("Survey {SurveyId} does not exist; its message is dropped.", message.SurveyId);
                return;
            }

            var survey = stored.Survey;
            var now = time.GetUtcNow();
            if (survey.Email is EmailState.Sent or EmailState.Failed or EmailState.Skipped)
            {
                return;
            }

            if (ExactlyOnceSend.LiveClaimWait(OutgoingEmail.Survey.Progress(survey), now) is { } wait)
            {
                await queue.EnqueueAsync(message, wait, cancellationToken);
                return;
            }

            if (survey.ProcessedAt is { } processedAt)
            {
                // SendGrid's processed event says a mailer sent it and did not live to record it.
                await surveys.MarkSentAsync(survey.Id, OutgoingEmail.Survey, processedAt, cancellationToken);
                metrics.SurveySent(survey.Campaign is not null);
                logger.LogInformation("Survey {SurveyId} was already sent (SendGrid processed it); recorded it without sending again.", survey.Id);
                return;
            }

            // The customer may have unsubscribed, or their address been suppressed or erased, since the ticket came in.
            if ((survey.CustomerEmail is { } address ? SkipReasons.For(await customers.GetAsync(address, cancellationToken)) : SkipReasons.Erased) is { } skip)
            {
                await surveys.MarkSkippedAsync(survey.Id, skip, cancellationToken);
                await counted.FileAsync(survey with { Email = EmailState.Skipped, SkipReason = skip }, cancellationToken);
                metrics.NotSurveyed(skip);
                return;
            }

            if (await send.TryClaimAsync(stored, OutgoingEmail.Survey, cancellationToken) is { } claimExpiresAt)
            {
                // Queued with every claim, before the send, so no crash can lose it; the reminder
                // mailer sends one reminder however many of these there are.
                if (options.ReminderAfter > TimeSpan.Zero)
                {
                    await reminders.EnqueueAsync(new ReminderMessage(survey.Id), ReminderMessage.Delay(options.ReminderAfter, options), cancellationToken);
                }

                var (outcome, reason) = await send.SendAsync(
                    survey.Id,
                    OutgoingEmail.Survey,
                    email.Compose(survey, reminder: false),
                    message.Attempt + 1,
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

                return;
            }
        }

        throw new InvalidOperationException($"Could not claim survey {message.SurveyId} after {ClaimAttempts} attempts; the message will be retried.");
    }
}
