using CsatFunctions.Storage;
using CsatFunctions.Telemetry;
using CsatFunctions.Tickets;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Helpdesks;

/// <summary>
/// <c>POST /api/tickets/resolved/{helpdesk}</c>: a helpdesk's own format, authenticated its own way
/// (<see cref="HelpdeskFormats"/>). Deliveries that carry the helpdesk's delivery id are answered from
/// a log on retry; authentic deliveries that are not a resolution are ignored with a 200, so the
/// helpdesk does not retry them. Deliveries that only announce a ticket are queued for
/// <see cref="HelpdeskLookups"/> and answered 202 at once.
/// </summary>
public sealed class HelpdeskWebhook(
    CsatOptions options,
    ClientRateLimits rateLimits,
    SurveyIntake intake,
    DeliveryLog deliveries,
    JsonQueue<HelpdeskLookupMessage> lookups,
    HelpdeskClients clients,
    CsatMetrics metrics,
    TimeProvider time)
{
    public async Task<IResult> HandleAsync(string helpdesk, HttpRequest request, CancellationToken cancellationToken)
    {
        if (rateLimits.TryAcquire(RateLimitedRoute.Webhook, request) is { } wait)
        {
            return ClientRateLimits.TooMany(wait);
        }

        if (HelpdeskFormats.Find(helpdesk) is not { } format)
        {
            return Results.Problem(
                $"There is no helpdesk webhook called '{helpdesk}'; use one of {string.Join(", ", HelpdeskFormats.All.Select(f => f.Name))}, or /api/tickets/resolved for the generic JSON.",
                statusCode: StatusCodes.Status404NotFound);
        }

        var config = options.Helpdesks.GetValueOrDefault(format.Name) ?? new HelpdeskConfig(format.Name, new Dictionary<string, string>());
        if (format.NotConfiguredBecause(config) is { } notConfigured)
        {
            return Problems.Unauthorized(notConfigured);
        }

        var body = await RequestBody.ReadAsync(request, IntakeAnswer.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Problems.TooLarge(IntakeAnswer.MaxBodyBytes);
        }

        var now = time.GetUtcNow();
        if (await format.CheckAuthenticityAsync(clients.For(config), request.Headers, body, cancellationToken) is { } refusal)
        {
            return refusal.CheckUnavailable ? Problems.CheckUnavailable(refusal.Detail) : Problems.Unauthorized(refusal.Detail);
        }

        var deliveryId = format.DeliveryId(request.Headers, body);
        if (deliveryId is not null && await deliveries.FindAsync(format.Name, deliveryId, cancellationToken) is { } seen)
        {
            if (seen.Length == 0)
            {
                return IntakeAnswer.Ok(IntakeAnswer.Ignored("This delivery was handled already."));
            }

            metrics.TicketDuplicate(format.Name, null);
            return IntakeAnswer.Ok(IntakeAnswer.Duplicate(seen));
        }

        // What a retry of this delivery is answered with: the ticket's key, or nothing for one that took none.
        Task Record(string? ticketKey) => deliveryId is null ? Task.CompletedTask : deliveries.RecordAsync(format.Name, deliveryId, ticketKey, cancellationToken);
        var reading = format.Read(config, request.Headers, body, now);
        if (reading.Errors is { } errors)
        {
            return Problems.Invalid(errors, $"The {format.Name} delivery has invalid fields; nothing was accepted.");
        }

        if (reading.IgnoredBecause is { } ignored)
        {
            await Record(null);
            return IntakeAnswer.Ok(IntakeAnswer.Ignored(ignored));
        }

        if (reading.Reopened is { } reopened)
        {
            var answer = await intake.ReopenAsync(reopened, format.Name, now, cancellationToken);
            await Record(null);
            return IntakeAnswer.Ok(answer);
        }

        if (reading.LookUp is { } lookUp)
        {
            // Stored before the answer, read from the helpdesk's API after it: the API's pace never
            // decides whether the helpdesk sees a timeout.
            await lookups.EnqueueAsync(lookUp, null, cancellationToken);
            await Record(null);
            return IntakeAnswer.Queued();
        }

        var accepted = await intake.AcceptAsync(reading.Ticket!, format.Name, now, cancellationToken);
        await Record(accepted.Survey.TicketKey ?? accepted.Survey.Id);

        return IntakeAnswer.For(accepted, reading.Ticket!);
    }
}
