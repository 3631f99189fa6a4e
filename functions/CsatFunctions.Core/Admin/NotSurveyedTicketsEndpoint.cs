using CsatFunctions.Scores;
using CsatFunctions.Surveys;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Admin;

/// <summary>A ticket counted as resolved whose customer was not asked, and why.</summary>
public sealed record NotSurveyedTicket(
    string SurveyId,
    string Source,
    string TicketId,
    DateTimeOffset ResolvedAt,
    string? Reason,
    string? Channel,
    string? Agent,
    string? Company,
    string? Subject,
    string? CustomerEmail,
    string? CustomerName);

/// <summary>The tickets of a period counted but not asked, newest first.</summary>
public sealed record NotSurveyedAnswer(DateOnly From, DateOnly To, IReadOnlyList<NotSurveyedTicket> Items);

/// <summary>
/// <c>GET /api/admin/tickets/not-surveyed?from&amp;to</c>: every ticket of the period that was counted
/// but not asked (no usable email, unsubscribed, suppressed, cooldown, internal, reopened) or whose email could not be
/// delivered (undeliverable), so the team can follow them up by hand.
/// </summary>
public sealed class NotSurveyedTicketsEndpoint(CountedSurveys counted, SurveyTable surveys, TimeProvider time)
{
    private const int ParallelReads = 16;

    /// <summary>The reason given for a survey that was sent but bounced or was dropped.</summary>
    public const string Undeliverable = "undeliverable";

    public async Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (DayRange.Read(request, time.GetUtcNow(), out var problem) is not { } range)
        {
            return problem!;
        }

        return Results.Json(new NotSurveyedAnswer(range.From, range.To, await ListAsync(range, cancellationToken)), CsatJson.Default.NotSurveyedAnswer);
    }

    /// <summary>The period's tickets counted but not asked, or not delivered, newest first.</summary>
    public async Task<List<NotSurveyedTicket>> ListAsync(DayRange range, CancellationToken cancellationToken)
    {
        var items = new List<NotSurveyedTicket>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(counted.NotSurveyedAsync(range.From, range.To, cancellationToken), parallel, async (surveyId, token) =>
        {
            if (await surveys.GetAsync(surveyId, token) is { Survey: var survey })
            {
                var item = new NotSurveyedTicket(survey.Id, survey.Source, survey.TicketId, survey.ResolvedAt, survey.Delivery == DeliveryState.Undeliverable ? Undeliverable : survey.SkipReason, survey.Channel, survey.Agent, survey.Company, survey.Subject, survey.CustomerEmail, survey.CustomerName);
                lock (items)
                {
                    items.Add(item);
                }
            }
        });

        return [.. items.OrderByDescending(item => item.ResolvedAt).ThenBy(item => item.SurveyId, StringComparer.Ordinal)];
    }
}
