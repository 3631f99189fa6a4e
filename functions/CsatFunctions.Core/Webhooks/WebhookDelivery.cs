using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using CsatFunctions.Storage;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Webhooks;

/// <summary>
/// The <c>webhooks</c> queue step: POSTs one event to one endpoint, signed per Standard Webhooks
/// (<c>webhook-id</c>, <c>webhook-timestamp</c> of this attempt, <c>webhook-signature</c>
/// <c>v1,</c> HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>). A 2xx is delivered. Anything else (a
/// redirect, an error, a timeout, no connection) is tried again after the next of
/// <see cref="WebhookOptions.RetryDelays"/>, never sooner than the receiver's <c>Retry-After</c>;
/// when they are used up, or the receiver answers 410 Gone, the message goes to the poison queue,
/// counted at <c>/api/admin/surveys/failed</c> and replayable with the same id and body.
/// </summary>
public sealed class WebhookDelivery(
    CsatOptions options,
    IHttpClientFactory httpClients,
    JsonQueue<WebhookMessage> queue,
    WebhookLog log,
    TimeProvider time,
    ILogger<WebhookDelivery> logger) : IQueueHandler<WebhookMessage>
{
    /// <summary>The named HTTP client: no redirects followed, nothing of the URL logged, <see cref="WebhookOptions.Timeout"/> per attempt.</summary>
    public const string Client = "csat-webhooks";

    public async Task HandleAsync(WebhookMessage message, CancellationToken cancellationToken)
    {
        if (options.Webhooks.Find(message.Endpoint) is not { } endpoint)
        {
            // Removed from the settings: kept, counted, for a replay once it is configured again.
            await queue.PoisonAsync(JsonQueue<WebhookMessage>.Write(message), cancellationToken);
            logger.LogWarning("No webhook endpoint is called {Endpoint} any more; event {WebhookId} waits in the poison queue.", message.Endpoint, message.Id);
            return;
        }

        var now = time.GetUtcNow();
        var (status, retryAfter) = await PostAsync(endpoint, message, now, cancellationToken);
        if (status.Length == 3 && status[0] == '2')
        {
            await RecordAsync(endpoint, new WebhookAttempt(WebhookOutcome.Delivered, status, now));
            return;
        }

        var attempt = message.Attempt + 1;
        var failed = message with { Attempt = attempt };
        var gone = status == "410";
        if (gone || WebhookRetrySchedule.NextDelay(options.Webhooks.RetryDelays, attempt, retryAfter, now, Random.Shared.NextDouble()) is not { } delay)
        {
            await queue.PoisonAsync(JsonQueue<WebhookMessage>.Write(failed), cancellationToken);
            await RecordAsync(endpoint, new WebhookAttempt(WebhookOutcome.GivenUp, status, now));
            logger.LogWarning("Webhook endpoint {Endpoint} ({Host}) answered {Status} to event {WebhookId} on attempt {Attempt}; {Why}, it waits in the poison queue to be replayed.", endpoint.Name, endpoint.Host, status, message.Id, attempt, gone ? "gone" : "no retries left");
            return;
        }

        await queue.EnqueueAsync(failed, delay, cancellationToken);
        await RecordAsync(endpoint, new WebhookAttempt(WebhookOutcome.Retrying, status, now));
        logger.LogInformation("Webhook endpoint {Endpoint} ({Host}) answered {Status} to event {WebhookId} on attempt {Attempt}; retrying in {Delay}.", endpoint.Name, endpoint.Host, status, message.Id, attempt, delay);
    }

    /// <summary>
    /// The delivery log is a statistic: storage failing to write it must not fail the message, whose
    /// event is delivered, re-queued or poisoned already (failing it would post or queue it again).
    /// </summary>
    private async Task RecordAsync(WebhookEndpoint endpoint, WebhookAttempt attempt)
    {
        try
        {
            await log.RecordAsync(endpoint.Name, attempt, CancellationToken.None);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException || StorageFailure.IsOutage(ex, CancellationToken.None))
        {
            logger.LogWarning(ex, "Could not write webhook endpoint {Endpoint}'s delivery log; its counts are written with the next attempt's.", endpoint.Name);
        }
    }

    /// <returns>The receiver's status (<c>timeout</c> or <c>unreachable</c> when it gave none) and its Retry-After, if any.</returns>
    private async Task<(string Status, RetryConditionHeaderValue? RetryAfter)> PostAsync(WebhookEndpoint endpoint, WebhookMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(message.Body);
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("webhook-id", message.Id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", endpoint.Secret.Sign(message.Id, timestamp, body));
        try
        {
            using var response = await httpClients.CreateClient(Client).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return (((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), response.Headers.RetryAfter);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ("timeout", null);
        }
        catch (HttpRequestException)
        {
            return ("unreachable", null);
        }
    }
}
