using System.Diagnostics;
using CsatFunctions.Storage;
using CsatFunctions.Telemetry;
using Microsoft.Extensions.Logging;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace CsatFunctions.Surveys;

/// <summary>
/// How every survey email (the survey and its reminder) goes out exactly once. A mailer claims the
/// send on the survey row, conditional on its ETag, before calling SendGrid, so a redelivered or
/// duplicated message finds the email Sending or Sent and sends nothing. Once SendGrid has taken the
/// email, the mailer keeps trying to record it for as long as its claim lasts, so a storage outage
/// shorter than <see cref="CsatOptions.SendWindow"/> sends nothing twice. A crash (or a longer
/// outage) between SendGrid taking the email and the row saying so is covered by SendGrid's
/// <c>processed</c> event, when the Event Webhook is configured and the event has arrived before the
/// claim lapses; only without it can such an email go out twice.
/// </summary>
public sealed class ExactlyOnceSend(CsatOptions options, SurveyTable surveys, ISendGridClient sendGrid, CsatMetrics metrics, TimeProvider time, ILogger<ExactlyOnceSend> logger)
{
    /// <summary>How soon a message that found another mailer's live claim looks again; the claim usually ends in a moment.</summary>
    private static readonly TimeSpan ClaimRecheck = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan FirstRecordRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LastRecordRetry = TimeSpan.FromSeconds(5);

    /// <returns>When to look again because another mailer holds a live claim on the email; null when none does.</returns>
    public static TimeSpan? LiveClaimWait(EmailProgress progress, DateTimeOffset now)
    {
        if (progress is not { State: EmailState.Sending, ClaimExpiresAt: { } expiresAt } || expiresAt <= now)
        {
            return null;
        }

        // It has usually finished by then; if it died, the message takes over once the claim lapses.
        var remaining = expiresAt - now + TimeSpan.FromSeconds(1);
        return remaining < ClaimRecheck ? remaining : ClaimRecheck;
    }

    /// <summary>
    /// Claims the send. When storage fails during the write, the claim may or may not have landed;
    /// rather than leave a claim of its own to block the email for the whole send window, the mailer
    /// asks again once storage answers, and recognises its claim by its id.
    /// </summary>
    /// <returns>When the claim expires, or null when another mailer got there first.</returns>
    public async Task<DateTimeOffset?> TryClaimAsync(StoredSurvey stored, OutgoingEmail email, CancellationToken cancellationToken)
    {
        var claimId = Guid.NewGuid().ToString("N");
        var claimExpiresAt = time.GetUtcNow() + options.SendWindow;
        try
        {
            return await surveys.TryClaimSendAsync(stored, email, claimId, claimExpiresAt, cancellationToken) ? claimExpiresAt : null;
        }
        catch (Exception ex) when (StorageFailure.IsOutage(ex, cancellationToken))
        {
            logger.LogWarning(ex, "Storage failed while claiming the {Email} email of survey {SurveyId}; asking again whether the claim landed.", email.Name, stored.Survey.Id);
            var current = await WhenStorageAnswersAsync(stored.Survey.Id, claimExpiresAt, cancellationToken);

            // A claim recognised too late to outlast a SendGrid call is left to lapse: a message that
            // takes over after it must not meet this send still under way.
            var ours = current is not null && email.Progress(current.Survey) is { State: EmailState.Sending, ClaimId: var holder } && holder == claimId;
            return ours && claimExpiresAt - time.GetUtcNow() > CsatOptions.SendGridCallLimit ? claimExpiresAt : null;
        }
    }

    /// <summary>Sends a claimed email and records what became of it.</summary>
    /// <param name="attempt">This send's number, counting those SendGrid turned away for a reason that may pass.</param>
    /// <param name="retryLater">Queues the next attempt (its number, after a delay).</param>
    /// <exception cref="SendGridUnavailableException">SendGrid kept failing through every back-off; let the queue retry and poison.</exception>
    public async Task<(SendOutcome Outcome, string? Reason)> SendAsync(
        string surveyId,
        OutgoingEmail email,
        SendGridMessage message,
        int attempt,
        DateTimeOffset claimExpiresAt,
        Func<int, TimeSpan, Task> retryLater,
        CancellationToken cancellationToken)
    {
        // The SendGrid call has a span of its own, because HttpClient's would name the chat webhooks' secret URLs.
        using var activity = CsatTelemetry.Source.StartActivity("sendgrid send", ActivityKind.Client);
        activity?.SetTag("csat.survey.id", surveyId);
        activity?.SetTag("csat.email", email.Name);
        activity?.SetTag("csat.attempt", attempt);
        Response response;
        try
        {
            response = await sendGrid.SendEmailAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            activity?.SetStatus(ActivityStatusCode.Error, "SendGrid unreachable");
            await RetryLaterAsync(surveyId, email, attempt, $"SendGrid unreachable: {ex.Message}", null, ex, retryLater);
            return (SendOutcome.RetryQueued, null);
        }
        catch (OperationCanceledException)
        {
            // Shutting down mid-send: give the claim back; the message returns after its visibility timeout.
            await surveys.ReleaseClaimAsync(surveyId, email, "Interrupted by shutdown.", CancellationToken.None);
            throw;
        }

        var status = (int)response.StatusCode;
        activity?.SetTag("http.response.status_code", status);
        if (response.IsSuccessStatusCode)
        {
            await RecordSentAsync(surveyId, email, time.GetUtcNow(), claimExpiresAt);
            logger.LogInformation("Sent the {Email} email of survey {SurveyId}.", email.Name, surveyId);
            return (SendOutcome.Sent, null);
        }

        activity?.SetStatus(ActivityStatusCode.Error, $"SendGrid answered {status}");
        // SendGrid's body may quote the recipient: the reason goes to the row, the failure log and the log lines.
        var reason = AddressFreeText.Of($"SendGrid answered {status}: {await Excerpt(response)}");
        if (status is 429 or >= 500)
        {
            await RetryLaterAsync(surveyId, email, attempt, reason, response.Headers, null, retryLater);
            return (SendOutcome.RetryQueued, null);
        }

        await surveys.MarkFailedAsync(surveyId, email, reason, CancellationToken.None);
        metrics.EmailFailed(email.Name);
        logger.LogError("SendGrid refused the {Email} email of survey {SurveyId}; not retried: {Reason}", email.Name, surveyId, reason);
        return (SendOutcome.Refused, reason);
    }

    /// <summary>
    /// SendGrid has the email: from here, forgetting it would send it twice. Storage failing now is
    /// retried in-process until <paramref name="giveUpAt"/> (the claim's end), because until then no other mailer sends.
    /// </summary>
    public async Task RecordSentAsync(string surveyId, OutgoingEmail email, DateTimeOffset sentAt, DateTimeOffset giveUpAt)
    {
        var wait = FirstRecordRetry;
        while (true)
        {
            try
            {
                await surveys.MarkSentAsync(surveyId, email, sentAt, CancellationToken.None);
                return;
            }
            catch (Exception ex) when (StorageFailure.IsOutage(ex, CancellationToken.None) && time.GetUtcNow() + wait < giveUpAt)
            {
                logger.LogWarning(ex, "SendGrid took the {Email} email of survey {SurveyId} but storage failed to record it; retrying in {Wait}.", email.Name, surveyId, wait);
                await Task.Delay(wait, time);
                wait = wait * 2 < LastRecordRetry ? wait * 2 : LastRecordRetry;
            }
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

    /// <summary>
    /// Gives the claim back and queues the next attempt after a back-off, so a SendGrid outage costs
    /// queued messages, not the queue's few immediate retries. Once the attempts are used up it throws,
    /// and the queue's own retries and poison queue take over.
    /// </summary>
    private async Task RetryLaterAsync(string surveyId, OutgoingEmail email, int attempt, string reason, System.Net.Http.Headers.HttpResponseHeaders? headers, Exception? cause, Func<int, TimeSpan, Task> retryLater)
    {
        await surveys.ReleaseClaimAsync(surveyId, email, reason, CancellationToken.None);
        if (SendRetryPolicy.NextDelay(attempt, options.SendRetryDelay, headers, time.GetUtcNow()) is not { } delay)
        {
            throw new SendGridUnavailableException($"{reason} (the {email.Name} email of survey {surveyId}, attempt {attempt}); giving up on back-off.", cause);
        }

        await retryLater(attempt, delay);
        metrics.SendGridRetry(email.Name);
        logger.LogWarning("SendGrid did not take the {Email} email of survey {SurveyId} (attempt {Attempt}); retrying in {Delay}: {Reason}", email.Name, surveyId, attempt, delay, reason);
    }

    private static async Task<string> Excerpt(Response response)
    {
        var body = response.Body is null ? "" : await response.Body.ReadAsStringAsync();
        return body.Length <= 500 ? body : body[..500];
    }
}
