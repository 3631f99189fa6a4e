using System.Globalization;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Desk;

/// <summary>A page of answers, and where the next page starts (null on the last).</summary>
public sealed record RatingsAnswer(IReadOnlyList<AnswerItem> Items, string? ContinuationToken);

/// <summary>
/// <c>GET /api/admin/ratings?from&amp;to&amp;rating&amp;agent&amp;company&amp;withComment&amp;tag&amp;limit&amp;continuationToken</c>:
/// the answered surveys of the period (UTC resolution days), newest first, a page at a time; every
/// answer appears on exactly one page.
/// </summary>
public sealed class RatingsEndpoint(AnswerFeed feed, TimeProvider time)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public async Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (Read(request, time.GetUtcNow(), out var problem) is not { } query)
        {
            return problem!;
        }

        var items = new List<AnswerItem>(query.Limit);
        string? next = null;
        await foreach (var item in feed.ReadAsync(query.Range, query.Filter, query.After, cancellationToken))
        {
            if (items.Count == query.Limit)
            {
                var last = items[^1];
                next = new FeedPosition(DateOnly.FromDateTime(last.ResolvedAt.UtcDateTime), last.RatedAt.UtcTicks, last.SurveyId).Token;
                break;
            }

            items.Add(item);
        }

        return Results.Json(new RatingsAnswer(items, next), CsatJson.Default.RatingsAnswer);
    }

    /// <summary>The period, filters, page size and starting point of a request to the feed or its CSV.</summary>
    public sealed record FeedQuery(DayRange Range, AnswerFilter Filter, int Limit, FeedPosition? After);

    public static FeedQuery? Read(HttpRequest request, DateTimeOffset now, out IResult? problem)
    {
        if (DayRange.Read(request, now, out problem) is not { } range)
        {
            return null;
        }

        var errors = new Dictionary<string, string[]>();
        var filter = AnswerFilter.Read(request, errors);
        var limit = DefaultLimit;
        if (request.Query["limit"].ToString() is { Length: > 0 } limitText
            && !(int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxLimit))
        {
            errors["limit"] = [$"Must be a whole number from 1 to {MaxLimit}."];
        }

        FeedPosition? after = null;
        if (request.Query["continuationToken"].ToString() is { Length: > 0 } token && !FeedPosition.TryRead(token, out after))
        {
            errors["continuationToken"] = ["Must be a token from a previous page, unchanged."];
        }

        if (errors.Count > 0)
        {
            problem = Problems.Invalid(errors, "The query is not valid.");
            return null;
        }

        return new FeedQuery(range, filter, limit, after);
    }
}
