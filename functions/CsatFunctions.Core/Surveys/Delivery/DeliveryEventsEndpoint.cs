using CsatFunctions.Storage;
using CsatFunctions.Telemetry;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Surveys.Delivery;

/// <summary>
/// <c>POST /api/sendgrid/events</c>: SendGrid's signed Event Webhook. A verified batch is stored and
/// queued before the 200, so the answer takes two storage writes whatever the batch's size (up to
/// SendGrid's 10,000 events), and an acknowledged event is never lost; the queue applies it.
/// </summary>
public sealed class DeliveryEventsEndpoint(SendGridOptions sendGrid, DeliveryEventBatches batches, JsonQueue<DeliveryEventsMessage> queue, CsatMetrics metrics, TimeProvider time)
{
    /// <summary>10,000 events of about a kilobyte each, with room to spare.</summary>
    public const int MaxBodyBytes = 24 * 1024 * 1024;

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (sendGrid.EventWebhookKey is not { } key)
        {
            return Problems.Unauthorized("SendGrid's events are refused until SendGrid__EventWebhookPublicKey is configured.");
        }

        var body = await RequestBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Problems.TooLarge(MaxBodyBytes);
        }

        if (key.Check(request.Headers, body, time.GetUtcNow()) is { } refusal)
        {
            return Problems.Unauthorized(refusal);
        }

        if (DeliveryEventReader.CountEvents(body) is not { } count)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["body"] = ["Must be a JSON array of events."] }, "Nothing was accepted.");
        }

        if (count > 0)
        {
            var name = await batches.StoreAsync(body, cancellationToken);
            await queue.EnqueueAsync(new DeliveryEventsMessage(name), null, cancellationToken);
            metrics.DeliveryEventsReceived(count);
        }

        return Results.Json(new DeliveryEventsAnswer(count), CsatJson.Default.DeliveryEventsAnswer);
    }
}

/// <summary>What a verified batch is answered with: how many events were taken in.</summary>
public sealed record DeliveryEventsAnswer(int Received);
