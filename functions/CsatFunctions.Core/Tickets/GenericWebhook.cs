using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Tickets;

/// <summary>
/// <c>POST /api/tickets/resolved</c>: the generic JSON, signed per Standard Webhooks. Every accepted
/// ticket is surveyed and counted whatever its channel; nothing about it but the id is required.
/// </summary>
public sealed class GenericWebhook(CsatOptions options, ClientRateLimits rateLimits, SurveyIntake intake, TimeProvider time)
{
    public const string Source = "generic";

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (rateLimits.TryAcquire(RateLimitedRoute.Webhook, request) is { } wait)
        {
            return ClientRateLimits.TooMany(wait);
        }

        if (options.WebhookSecret is null)
        {
            return Problems.Unauthorized("Webhooks are refused until Csat__WebhookSecret is configured.");
        }

        var body = await RequestBody.ReadAsync(request, IntakeAnswer.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Problems.TooLarge(IntakeAnswer.MaxBodyBytes);
        }

        var now = time.GetUtcNow();
        if (WebhookSignature.Check(options.WebhookSecret, request.Headers, body, now) is { } refusal)
        {
            return Problems.Unauthorized(refusal);
        }

        var (ticket, reopened, errors) = TicketEventReader.Read(body, now);
        if (reopened is not null)
        {
            return IntakeAnswer.Ok(await intake.ReopenAsync(reopened, Source, now, cancellationToken));
        }

        if (ticket is null)
        {
            return Problems.Invalid(errors, "The ticket event has invalid fields; nothing was accepted.");
        }

        return IntakeAnswer.For(await intake.AcceptAsync(ticket, Source, now, cancellationToken), ticket);
    }
}
