using CsatFunctions.Consent;
using CsatFunctions.Scores;
using CsatFunctions.Storage;
using Microsoft.Extensions.Logging;
using SendGrid;

namespace CsatFunctions.Surveys;

/// <summary>
/// The queue step: sends one survey's email through SendGrid, exactly once per survey. A mailer
/// claims the send on the survey row (conditional on its ETag) before calling SendGrid, so a
/// redelivered or duplicated message finds the survey Sending or Sent and sends nothing. Once SendGrid
/// has taken the email, the mailer keeps trying to record it for as long as its claim lasts, so a
/// storage outage shorter than <see cref="CsatOptions.SendWindow"/> sends nothing twice. Only a crash
/// (or a longer outage) between SendGrid accepting the email and the row being marked Sent can send
/// twice, and only once the claim has expired.
/// </summary>
public sealed class SurveyMailer(
    CsatOptions options,
    SurveyTable surveys,
    SurveyFailureLog failures,
    CustomerRegistry customers,
    CountedSurveys counted,
    JsonQueue<SurveyMessage> queue,
    SurveyEmail email,
    ISendGridClient sendGrid,
    TimeProvider time,
    ILogger<SurveyMailer> logger)
{
    private const int ClaimAttempts = 3;

    /// <summary>How soon a message that found another mailer's live claim looks again; the claim usually ends in a moment.</summary>
    private static readonly TimeSpan ClaimRecheck = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan FirstRecordRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LastRecordRetry = TimeSpan.FromSeconds(5);

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

            if (survey.Email == EmailState.Sending && survey.SendClaimExpiresAt > now)
            {
                // Another mailer is sending. Look again soon: it has usually finished by then, and if it
                // died, this message takes over once its claim lapses.
                var remaining = survey.SendClaimExpiresAt.Value - now + TimeSpan.FromSeconds(1);
                await queue.EnqueueAsync(message, remaining < ClaimRecheck ? remaining : ClaimRecheck, cancellationToken);
                return;
            }

            // The customer may have unsubscribed since the ticket came in.
            if ((await customers.GetAsync(survey.CustomerEmail!, cancellationToken)).Unsubscribed)
            {
                await surveys.MarkSkippedAsync(survey.Id, SkipReasons.Unsubscribed, cancellationToken);
                await counted.FileAsync(survey with { Email = EmailState.Skipped, SkipReason = SkipReasons.Unsubscribed }, cancellationToken);
                return;
            }

            var claimExpiresAt = now + options.SendWindow;
            if (await TryClaimAsync(stored, claimExpiresAt, cancellationToken))
            {
                await SendAsync(survey, message.Attempt + 1, now, claimExpiresAt, cancellationToken);
                return;
            }
        }

        throw new InvalidOperationException($"Could not claim survey {message.SurveyId} after {ClaimAttempts} attempts; the message will be retried.");
    }

    /// <summary>
    /// Claims the send. When storage fails during the write, the claim may or may not have landed;
    /// rather than leave a claim of its own to block the survey for the whole send window, the mailer
    /// asks again once storage answers, and recognises its claim by its id.
    /// </summary>
    private async Task<bool> TryClaimAsync(StoredSurvey stored, DateTimeOffset claimExpiresAt, CancellationToken cancellationToken)
    {
        var claimId = Guid.NewGuid().ToString("N");
        try
        {
            return await surveys.TryClaimSendAsync(stored, claimId, claimExpiresAt, cancellationToken);
        }
        catch (Exception ex) when (StorageFailure.IsOutage(ex, cancellationToken))
        {
            logger.LogWarning(ex, "Storage failed while claiming survey {SurveyId}; asking again whether the claim landed.", stored.Survey.Id);
            var current = await WhenStorageAnswersAsync(stored.Survey.Id, claimExpiresAt, cancellationToken);

            // A claim recognised too late to outlast a SendGrid call is left to lapse: a message that
            // takes over after it must not meet this send still under way.
            return current is { Survey: { Email: EmailState.Sending, SendClaimId: var holder } } && holder == claimId
                && claimExpiresAt - time.GetUtcNow() > CsatOptions.SendGridCallLimit;
        }
    }

    /// <summary>Reads the survey again, retrying while storage is down but not past <paramref name="giveUpAt"/>.</summary>
    private async Task<StoredSurvey?> WhenStorageAnswersAsync(string surveyId, DateTimeOffset giveUpAt, CancellationToken cancellationToken)
    {
        var wait = FirstRecordRetry;
        while (true)
        {
            await Task.Delay(wait, time, cancellationToken);
            try
            {
                return await surveys.GetAsync(surveyId, cancellationToken);
            }
            catch (Exception ex) when (StorageFailure.IsOutage(ex, cancellationToken) && time.GetUtcNow() + wait < giveUpAt)
            {
                wait = wait * 2 < LastRecordRetry ? wait * 2 : LastRecordRetry;
            }
        }
    }

    private async Task SendAsync(Survey survey, int attempt, DateTimeOffset now, DateTimeOffset claimExpiresAt, CancellationToken cancellationToken)
    {
        Response response;
        try
        {
            response = await sendGrid.SendEmailAsync(email.Compose(survey, now), cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            await RetryLaterAsync(survey.Id, attempt, $"SendGrid unreachable: {ex.Message}", null, ex);
            return;
        }
        catch (OperationCanceledException)
        {
            // Shutting down mid-send: give the claim back; the message returns after its visibility timeout.
            await surveys.ReleaseClaimAsync(survey.Id, "Interrupted by shutdown.", CancellationToken.None);
            throw;
        }

        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            await RecordSentAsync(survey.Id, claimExpiresAt);
            logger.LogInformation("Sent survey {SurveyId}.", survey.Id);
            return;
        }

        var reason = $"SendGrid answered {status}: {await Excerpt(response)}";
        if (status is 429 or >= 500)
        {
            await RetryLaterAsync(survey.Id, attempt, reason, response.Headers, null);
            return;
        }

        await surveys.MarkFailedAsync(survey.Id, reason, CancellationToken.None);
        await failures.RecordAsync(new SurveyFailure(survey.Id, survey.TicketId, reason, time.GetUtcNow()), CancellationToken.None);
        logger.LogError("SendGrid refused survey {SurveyId}; not retried: {Reason}", survey.Id, reason);
    }

    /// <summary>
    /// SendGrid has the email: from here, forgetting it would send it twice. Storage failing now is
    /// retried in-process until the claim runs out, because until then no other mailer sends.
    /// </summary>
    private async Task RecordSentAsync(string surveyId, DateTimeOffset claimExpiresAt)
    {
        var wait = FirstRecordRetry;
        while (true)
        {
            try
            {
                await surveys.MarkSentAsync(surveyId, time.GetUtcNow(), CancellationToken.None);
                return;
            }
            catch (Exception ex) when (StorageFailure.IsOutage(ex, CancellationToken.None) && time.GetUtcNow() + wait < claimExpiresAt)
            {
                logger.LogWarning(ex, "SendGrid took survey {SurveyId} but storage failed to record it; retrying in {Wait}.", surveyId, wait);
                await Task.Delay(wait, time);
                wait = wait * 2 < LastRecordRetry ? wait * 2 : LastRecordRetry;
            }
        }
    }

    /// <summary>
    /// Gives the claim back and queues the next attempt after a back-off, so a SendGrid outage costs
    /// queued messages, not the queue's few immediate retries. Once the attempts are used up it throws,
    /// and the queue's own retries and poison queue take over.
    /// </summary>
    private async Task RetryLaterAsync(string surveyId, int attempt, string reason, System.Net.Http.Headers.HttpResponseHeaders? headers, Exception? cause)
    {
        await surveys.ReleaseClaimAsync(surveyId, reason, CancellationToken.None);
        if (SendRetryPolicy.NextDelay(attempt, options.SendRetryDelay, headers, time.GetUtcNow()) is not { } delay)
        {
            throw new SendGridUnavailableException($"{reason} (survey {surveyId}, attempt {attempt}); giving up on back-off.", cause);
        }

        await queue.EnqueueAsync(new SurveyMessage(surveyId, attempt), delay, CancellationToken.None);
        logger.LogWarning("SendGrid did not take survey {SurveyId} (attempt {Attempt}); retrying in {Delay}: {Reason}", surveyId, attempt, delay, reason);
    }

    private static async Task<string> Excerpt(Response response)
    {
        var body = response.Body is null ? "" : await response.Body.ReadAsStringAsync();
        return body.Length <= 500 ? body : body[..500];
    }
}
