using CsatFunctions.Storage;
using CsatFunctions.Telemetry;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Surveys;

/// <summary>
/// The queue step: sends one survey's email through SendGrid, exactly once per survey
/// (<see cref="ExactlyOnceSend"/>), never before <see cref="Survey.SendAfter"/>, and queues its
/// reminder with the send.
/// </summary>
public sealed class SurveyMailer(
    SurveyTable surveys,
    ReopenedBeforeSend reopened,
    ConsentRecheck consent,
    ExactlyOnceSend send,
    SurveySend surveySend,
    CsatMetrics metrics,
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
            if (survey.Email is EmailState.Sent or EmailState.Failed or EmailState.Skipped)
            {
                // A reopen's cancel cut off after its write (this message's earlier try, or the reopen's
                // own delivery) is finished here: filed as not surveyed, the cooldown released.
                await reopened.FinishCancelAsync(survey, cancellationToken);
                return;
            }

            // Csat__SendDelay: a message woken before the email may leave (queued by intake, a retry or
            // a resolution's redelivery) hides again for what is left, so a reopen can still cancel it.
            if (survey.Email == EmailState.Pending && await surveySend.HidUntilDueAsync(message, survey, cancellationToken))
            {
                return;
            }

            if (await surveySend.WaitedForLiveClaimAsync(message, survey, cancellationToken))
            {
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

            if (await reopened.CancelledAsync(stored, cancellationToken) || await consent.SkippedAsync(survey, cancellationToken))
            {
                return;
            }

            if (await send.TryClaimAsync(stored, OutgoingEmail.Survey, cancellationToken) is { } claimExpiresAt)
            {
                await surveySend.SendAsync(survey, claimExpiresAt, message.Attempt + 1, cancellationToken);
                return;
            }
        }

        throw new InvalidOperationException($"Could not claim survey {message.SurveyId} after {ClaimAttempts} attempts; the message will be retried.");
    }
}
