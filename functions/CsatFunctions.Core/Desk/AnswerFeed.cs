using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using CsatFunctions.Ratings.FollowUps;
using CsatFunctions.Scores;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Desk;

/// <summary>One answer as the desk, the JSON route and the CSV export show it.</summary>
/// <param name="Company">The client company as it was at resolution; null when none.</param>
/// <param name="FollowUp">The follow-up's status when the answer opened one; null otherwise.</param>
/// <param name="Reasons">The reasons (<c>Csat__Reasons</c> slugs) the customer ticked with an answer at the bottom of the scale.</param>
/// <param name="TicketUrl">The ticket in its helpdesk, when <c>Csat__TicketUrlTemplate</c> covers its source.</param>
/// <param name="Tags">The team's tags on the answer (<c>POST /api/admin/ratings/{surveyId}/tags</c>).</param>
/// <param name="AgentIsCustomer">The ticket's agent is the customer (their name or address): staff rating their own ticket, marked "self-rated" on the desk.</param>
public sealed record AnswerItem(
    string SurveyId,
    string TicketId,
    string Source,
    string Agent,
    string? Company,
    string Channel,
    string? Touchpoint,
    DateTimeOffset ResolvedAt,
    DateTimeOffset RatedAt,
    string Rating,
    int? Score,
    string? Comment,
    bool Publish,
    string? CustomerEmail,
    string? CustomerName,
    string? FollowUp,
    Uri? TicketUrl,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<string> Tags,
    bool AgentIsCustomer);

/// <summary>Which answers to list: a rating bucket, an agent, a client company, with or without a comment, carrying a tag (in any case); null fields do not filter.</summary>
public sealed record AnswerFilter(Rating? Rating, string? Agent, string? Company, bool? WithComment, string? Tag = null)
{
    public static AnswerFilter Read(HttpRequest request, Dictionary<string, string[]> errors)
    {
        Rating? rating = null;
        if (request.Query["rating"].ToString() is { Length: > 0 } ratingText)
        {
            if (RatingNames.TryParse(ratingText, out var parsed))
            {
                rating = parsed;
            }
            else
            {
                errors["rating"] = ["Must be excellent, satisfactory or unsatisfactory."];
            }
        }

        bool? withComment = request.Query["withComment"].ToString() switch
        {
            "" => null,
            "true" => true,
            "false" => false,
            _ => Invalid(errors),
        };
        return new AnswerFilter(rating, Text(request, "agent"), Text(request, "company"), withComment, Text(request, "tag")?.Trim());
    }

    public bool Matches(FiledAnswer answer) =>
        (Rating is null || answer.Rating == Rating)
        && (Agent is null || string.Equals(answer.Agent, Agent, StringComparison.OrdinalIgnoreCase))
        && (Company is null || string.Equals(answer.Company, Company, StringComparison.OrdinalIgnoreCase))
        && (WithComment is null || WithComment == (answer.Comment is not null))
        && (Tag is null || answer.Tags.Any(tag => string.Equals(tag, Tag, StringComparison.OrdinalIgnoreCase)));

    private static string? Text(HttpRequest request, string name) => request.Query[name].ToString() is { Length: > 0 } text ? text : null;

    private static bool? Invalid(Dictionary<string, string[]> errors)
    {
        errors["withComment"] = ["Must be true or false."];
        return null;
    }
}

/// <summary>Where a page of the feed ended: its day, and the last answer's time and survey, as an opaque token.</summary>
public sealed record FeedPosition(DateOnly Day, long RatedAtTicks, string SurveyId)
{
    public string Token => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{DayKey.Of(Day)}|{RatedAtTicks.ToString(CultureInfo.InvariantCulture)}|{SurveyId}"))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryRead(string token, out FeedPosition? position)
    {
        position = null;
        var base64 = token.Replace('-', '+').Replace('_', '/');
        var bytes = new byte[base64.Length + 3];
        if (!Convert.TryFromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='), bytes, out var written))
        {
            return false;
        }

        var parts = Encoding.UTF8.GetString(bytes, 0, written).Split('|');
        if (parts.Length != 3 || !DateOnly.TryParseExact(parts[0], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
        {
            return false;
        }

        position = new FeedPosition(day, ticks, parts[2]);
        return true;
    }

    /// <summary>Whether an answer of this position's day comes after it: older, or as old with a later id.</summary>
    public bool IsBefore(FiledAnswer answer) =>
        answer.RatedAt.UtcTicks < RatedAtTicks || (answer.RatedAt.UtcTicks == RatedAtTicks && string.CompareOrdinal(answer.SurveyId, SurveyId) > 0);
}

/// <summary>
/// The answers of a period, newest resolution day first and, within a day, newest answer first: the
/// order in which they can be read one day at a time (a range query over the day's 16 partitions of
/// the day index, joined with that day's follow-ups), so a page costs the days it spans and an export
/// holds one day in memory, however long the period.
/// </summary>
public sealed class AnswerFeed(CsatOptions options, CountedSurveys counted, FollowUpTable followUps)
{
    public async IAsyncEnumerable<AnswerItem> ReadAsync(DayRange range, AnswerFilter filter, FeedPosition? after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var first = after is { } position && position.Day < range.To ? position.Day : range.To;
        for (var day = first; day >= range.From; day = day.AddDays(-1))
        {
            var answers = await counted.AnswersAsync(day, cancellationToken);
            if (answers.Count == 0)
            {
                continue;
            }

            var statuses = (await followUps.ListAsync(day, day, cancellationToken)).ToDictionary(f => f.SurveyId, f => FollowUpTable.Name(f.Status));
            foreach (var answer in answers.OrderByDescending(a => a.RatedAt).ThenBy(a => a.SurveyId, StringComparer.Ordinal))
            {
                if ((after is null || after.Day != day || after.IsBefore(answer)) && filter.Matches(answer))
                {
                    yield return Item(answer, statuses.GetValueOrDefault(answer.SurveyId));
                }
            }
        }
    }

    private AnswerItem Item(FiledAnswer answer, string? followUp) => new(
        answer.SurveyId,
        answer.TicketId,
        answer.Source,
        answer.Agent,
        answer.Company,
        answer.Channel,
        answer.Touchpoint,
        answer.ResolvedAt,
        answer.RatedAt,
        answer.Rating.ToWire(),
        answer.Score,
        answer.Comment,
        answer.Publish,
        answer.CustomerEmail,
        answer.CustomerName,
        followUp,
        options.TicketUrl(answer.Source, answer.TicketId),
        answer.Reasons,
        answer.Tags,
        answer.AgentIsCustomer);
}
