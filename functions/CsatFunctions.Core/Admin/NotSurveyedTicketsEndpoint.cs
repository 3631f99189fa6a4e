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
    string? Subject,
    string? CustomerEmail,
    string? CustomerName);

/// <summary>The tickets of a period counted but not asked, newest first.</summary>
public sealed record NotSurveyedAnswer(DateOnly From, DateOnly To, IReadOnlyList<NotSurveyedTicket> Items);

/// <summary>
/// <c>GET /api/admin/tickets/not-surveyed?from&amp;to</c>: every ticket of the period that was counted
/// but not asked (no usable email, unsubscribed, cooldown), so the team can follow them up by hand.
/// </summary>
public sealed class NotSurveyedTicketsEndpoint(CountedSurveys counted, SurveyTable surveys, TimeProvider time)
{
    private const int ParallelReads = 16;

    public async Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (DayRange.Read(request, time.GetUtcNow(), out var problem) is not { } range)
        {
            return problem!;
        }

        var items = new List<NotSurveyedTicket>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(counted.NotSurveyedAsync(range.From, range.To, cancellationToken), parallel, async (surveyId, token) =>
        {
            if (await surveys.GetAsync(surveyId, token) is { Survey: var survey })
            {
                var item = new NotSurveyedTicket(survey.Id, survey.Source, survey.TicketId, survey.ResolvedAt, survey.SkipReason, survey.Channel, survey.Agent, survey.Subject, survey.CustomerEmail, survey.CustomerName);
                lock (items)
                {
                    items.Add(item);
                }
            }
        });

        var newestFirst = items.OrderByDescending(item => item.ResolvedAt).ThenBy(item => item.SurveyId, StringComparer.Ordinal).ToList();
        return Results.Json(new NotSurveyedAnswer(range.From, range.To, newestFirst), CsatJson.Default.NotSurveyedAnswer);
    }
}
