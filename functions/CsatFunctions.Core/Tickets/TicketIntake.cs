using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Tickets;

/// <summary>
/// <c>POST /api/tickets/resolved</c>: verify, read, store once, count, queue. Every accepted ticket is
/// surveyed and counted whatever its channel; nothing about it but the id and the email is required.
/// </summary>
public sealed class TicketIntake(
    CsatOptions options,
    SurveyTable surveys,
    SurveyDayIndex dayIndex,
    ScoreChangeLog changes,
    SurveyQueue queue,
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

        try
        {
            var (survey, isNew) = await StoreAsync(ticket, now, cancellationToken);
            return isNew
                ? Results.Json(IntakeAnswer.Accepted(survey.Id), CsatJson.Default.IntakeAnswer, statusCode: StatusCodes.Status202Accepted)
                : Results.Json(IntakeAnswer.Duplicate(survey.Id), CsatJson.Default.IntakeAnswer, statusCode: StatusCodes.Status200OK);
        }
        catch (Exception ex) when (StorageFailure.IsOutage(ex, cancellationToken))
        {
            logger.LogWarning(ex, "Storage failed during intake; answered 503 so the helpdesk retries.");
            return Problems.StorageUnavailable();
        }
    }

    /// <summary>
    /// The survey row is the idempotency gate. A repeat of a survey still Pending finishes the steps
    /// again (all idempotent), so a delivery that died after the insert is completed by its retry.
    /// </summary>
    private async Task<(Survey Survey, bool IsNew)> StoreAsync(TicketResolved ticket, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var candidate = new Survey(
            SurveyId.For(GenericSource, ticket.TicketId),
            GenericSource,
            ticket.TicketId,
            ticket.CustomerEmail,
            ticket.CustomerName,
            ticket.Subject,
            ticket.Agent,
            ticket.Channel,
            ticket.ResolvedAt ?? now,
            now);

        var isNew = await surveys.TryInsertAsync(candidate, cancellationToken);
        var survey = isNew
            ? candidate
            : (await surveys.GetAsync(candidate.Id, cancellationToken))?.Survey ?? throw new InvalidOperationException($"Survey {candidate.Id} vanished after a conflicting insert.");

        if (isNew || survey.Email == EmailState.Pending)
        {
            await dayIndex.AddAsync(survey.ResolvedDay, survey.Id, cancellationToken);
            await changes.MarkAsync(survey.ResolvedDay, survey.Id, cancellationToken);
            await queue.EnqueueAsync(survey.Id, cancellationToken);
        }

        if (isNew)
        {
            logger.LogInformation("Accepted ticket as survey {SurveyId} (channel {Channel}).", survey.Id, survey.Channel ?? "none");
        }

        return (survey, isNew);
    }
}
