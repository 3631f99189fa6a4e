using CsatFunctions.Storage;
using Microsoft.Extensions.Logging;
using SendGrid;

namespace CsatFunctions.Surveys;

/// <summary>
/// The queue step: sends one survey's email through SendGrid, exactly once per survey. A mailer
/// claims the send on the survey row (conditional on its ETag) before calling SendGrid, so a
/// redelivered or duplicated message finds the survey Sending or Sent and sends nothing. Only a
/// crash between SendGrid accepting the email and the row being marked Sent can send twice, and only
/// once the claim (<see cref="CsatOptions.SendWindow"/>) has expired.
/// </summary>
public sealed class SurveyMailer(
    CsatOptions options,
    SurveyTable surveys,
    SurveyFailureLog failures,
    CustomerRegistry customers,
    SurveyDayIndex dayIndex,
    ScoreChangeLog changes,
    SurveyQueue queue,
    SurveyEmail email,
    ISendGridClient sendGrid,
    TimeProvider time,
    ILogger<SurveyMailer> logger)
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

            // The customer may have unsubscribed since the ticket came in.
            if ((await customers.GetAsync(survey.CustomerEmail, cancellationToken)).Unsubscribed)
            {
                await surveys.MarkSkippedAsync(survey.Id, SkipReasons.Unsubscribed, cancellationToken);
                await dayIndex.AddAsync(survey.ResolvedDay, survey.Id, survey.Touchpoint, notSurveyed: true, cancellationToken);
                await changes.MarkAsync(survey.ResolvedDay, survey.Id, cancellationToken);
                return;
            }

            if (survey.Email == EmailState.Sending && survey.SendClaimExpiresAt > now)
            {
                // Another mailer is sending. Look again once its claim lapses, in case it died.
                await queue.EnqueueAsync(message, survey.SendClaimExpiresAt.Value - now + TimeSpan.FromSeconds(1), cancellationToken);
                return;
            }

            if (await surveys.TryClaimSendAsync(stored, now + options.SendWindow, cancellationToken))
            {
                await SendAsync(survey, message.Attempt + 1, now, cancellationToken);
                return;
            }
        }

        throw new InvalidOperationException($"Could not claim survey {message.SurveyId} after {ClaimAttempts} attempts; the message will be retried.");
    }

    private async Task SendAsync(Survey survey, int attempt, DateTimeOffset now, CancellationToken cancellationToken)
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
            await surveys.MarkSentAsync(survey.Id, time.GetUtcNow(), CancellationToken.None);
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
