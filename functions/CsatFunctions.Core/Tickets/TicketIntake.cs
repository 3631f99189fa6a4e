using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using CsatFunctions.Tickets.Helpdesks;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Tickets;

/// <summary>
/// <c>POST /api/tickets/resolved</c> (generic, Standard Webhooks) and
/// <c>POST /api/tickets/resolved/{helpdesk}</c>: verify, read, store once, count, queue. Every
/// accepted ticket is surveyed and counted whatever its channel; nothing about it but the id and the
/// email is required.
/// </summary>
public sealed class TicketIntake(
    CsatOptions options,
    SurveyTable surveys,
    SurveyDayIndex dayIndex,
    ScoreChangeLog changes,
    SurveyQueue queue,
    DeliveryLog deliveries,
    CustomerRegistry customers,
    ClientRateLimits rateLimits,
    TimeProvider time,
    ILogger<TicketIntake> logger)
{
    public const int MaxBodyBytes = 256 * 1024;
    public const string GenericSource = "generic";

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

        var body = await RequestBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Problems.TooLarge(MaxBodyBytes);
        }

        var now = time.GetUtcNow();
        if (WebhookSignature.Check(options.WebhookSecret, request.Headers, body, now) is { } refusal)
        {
            return Problems.Unauthorized(refusal);
        }

        var (ticket, errors) = TicketEventReader.Read(body, now);
        if (ticket is null)
        {
            return Problems.Invalid(errors, "The ticket event has invalid fields; nothing was accepted.");
        }

        return await OrUnavailableAsync(GenericSource, () => AcceptAsync(ticket, GenericSource, null, now, cancellationToken), cancellationToken);
    }

    public async Task<IResult> HandleHelpdeskAsync(string helpdesk, HttpRequest request, CancellationToken cancellationToken)
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

        if (!options.HelpdeskSecrets.TryGetValue(format.Name, out var secret))
        {
            return Problems.Unauthorized($"Webhooks from {format.Name} are refused until {format.SecretSetting} is configured.");
        }

        var body = await RequestBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Problems.TooLarge(MaxBodyBytes);
        }

        var now = time.GetUtcNow();
        if (format.CheckAuthenticity(secret, request.Headers, body, now) is { } refusal)
        {
            return Problems.Unauthorized(refusal);
        }

        var deliveryId = format.DeliveryId(request.Headers);
        return await OrUnavailableAsync(format.Name, async () =>
        {
            if (deliveryId is not null && await deliveries.FindAsync(format.Name, deliveryId, cancellationToken) is { } seen)
            {
                return Answer(seen.Length > 0 ? IntakeAnswer.Duplicate(seen) : IntakeAnswer.Ignored("This delivery was handled already."), StatusCodes.Status200OK);
            }

            var reading = format.Read(request.Headers, body, now);
            if (reading.Errors is { } errors)
            {
                return Problems.Invalid(errors, $"The {format.Name} delivery has invalid fields; nothing was accepted.");
            }

            if (reading.IgnoredBecause is { } ignored)
            {
                if (deliveryId is not null)
                {
                    await deliveries.RecordAsync(format.Name, deliveryId, null, cancellationToken);
                }

                return Answer(IntakeAnswer.Ignored(ignored), StatusCodes.Status200OK);
            }

            return await AcceptAsync(reading.Ticket!, format.Name, deliveryId, now, cancellationToken);
        },
        cancellationToken);
    }

    /// <summary>Storage failing anywhere in intake answers 503 with Retry-After, so the helpdesk retries; nothing was acknowledged.</summary>
    private async Task<IResult> OrUnavailableAsync(string source, Func<Task<IResult>> intake, CancellationToken cancellationToken)
    {
        try
        {
            return await intake();
        }
        catch (Exception ex) when (StorageFailure.IsOutage(ex, cancellationToken))
        {
            logger.LogWarning(ex, "Storage failed during {Source} intake; answered 503 so the helpdesk retries.", source);
            return Problems.StorageUnavailable();
        }
    }

    private async Task<IResult> AcceptAsync(TicketResolved ticket, string source, string? deliveryId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (survey, isNew) = await StoreAsync(ticket, source, now, cancellationToken);
        if (deliveryId is not null)
        {
            await deliveries.RecordAsync(source, deliveryId, survey.Id, cancellationToken);
        }

        return survey.SkipReason == SkipReasons.NoEmail
            ? Answer(IntakeAnswer.NotSurveyed(survey.Id, ticket.NoEmailBecause ?? "The ticket has no customer email address."), StatusCodes.Status200OK)
            : isNew
                ? Answer(IntakeAnswer.Accepted(survey.Id), StatusCodes.Status202Accepted)
                : Answer(IntakeAnswer.Duplicate(survey.Id), StatusCodes.Status200OK);
    }

    private static IResult Answer(IntakeAnswer answer, int statusCode) =>
        Results.Json(answer, CsatJson.Default.IntakeAnswer, statusCode: statusCode);

    /// <summary>
    /// The survey row is the idempotency gate: one survey per (source, ticket id), so a ticket
    /// re-solved later is not surveyed again, except that a ticket first counted without an email is
    /// surveyed when a delivery brings one. A repeat of a survey still Pending or Skipped at intake
    /// finishes the steps again (all idempotent), so a delivery that died after the insert is
    /// completed, and counted, by its retry.
    /// </summary>
    private async Task<(Survey Survey, bool IsNew)> StoreAsync(TicketResolved ticket, string source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var customer = ticket.CustomerEmail is { } email ? await customers.GetAsync(email, cancellationToken) : null;
        var skip = ticket.CustomerEmail is null ? SkipReasons.NoEmail : customer!.Unsubscribed ? SkipReasons.Unsubscribed : null;
        var candidate = new Survey(
            SurveyId.For(source, ticket.TicketId),
            source,
            ticket.TicketId,
            ticket.CustomerEmail,
            ticket.CustomerName,
            ticket.Subject,
            ticket.Agent,
            ticket.Channel,
            ticket.ResolvedAt ?? now,
            now)
        {
            Email = skip is null ? EmailState.Pending : EmailState.Skipped,
            SkipReason = skip,
            Touchpoint = ticket.Touchpoint,
            Scale = ticket.Scale ?? options.DefaultScale,
        };

        var isNew = await surveys.TryInsertAsync(candidate, cancellationToken);
        var survey = candidate;
        if (!isNew)
        {
            var stored = await surveys.GetAsync(candidate.Id, cancellationToken) ?? throw new InvalidOperationException($"Survey {candidate.Id} vanished after a conflicting insert.");
            survey = stored.Survey;
            if (survey.SkipReason == SkipReasons.NoEmail && candidate.CustomerEmail is not null)
            {
                // First counted without an email; this delivery brings one, so the customer is asked now.
                isNew = await surveys.TryGiveEmailAsync(stored, candidate with { ReceivedAt = survey.ReceivedAt, ResolvedAt = survey.ResolvedAt }, cancellationToken);
                survey = isNew ? candidate with { ReceivedAt = survey.ReceivedAt, ResolvedAt = survey.ResolvedAt } : survey;
            }
        }

        if (survey.Email == EmailState.Pending && options.SurveyCooldown > TimeSpan.Zero
            && !await customers.TryStartCooldownAsync(survey.CustomerEmail!, survey.Id, now, options.SurveyCooldown, survey.CustomerEmail == ticket.CustomerEmail ? customer : null, cancellationToken))
        {
            await surveys.MarkSkippedAsync(survey.Id, SkipReasons.Cooldown, cancellationToken);
            survey = survey with { Email = EmailState.Skipped, SkipReason = SkipReasons.Cooldown };
        }

        if (isNew || survey.Email is EmailState.Pending or EmailState.Skipped)
        {
            // Every ticket is counted as resolved, and a skipped one also as not surveyed; only a pending one is queued.
            await dayIndex.AddAsync(survey.ResolvedDay, survey.Id, survey.Touchpoint, notSurveyed: survey.Email == EmailState.Skipped, cancellationToken);
            await changes.MarkAsync(survey.ResolvedDay, survey.Id, cancellationToken);
            if (survey.Email == EmailState.Pending)
            {
                await queue.EnqueueAsync(survey.Id, cancellationToken);
            }
        }

        if (isNew)
        {
            logger.LogInformation("Accepted a {Source} ticket as survey {SurveyId} (channel {Channel}, {State}).", source, survey.Id, survey.Channel ?? "none", survey.SkipReason ?? "to survey");
        }

        return (survey, isNew);
    }
}
