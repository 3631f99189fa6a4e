using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Desk;

/// <summary>
/// <c>GET /api/admin/ratings.csv?from&amp;to</c> (and the feed's filters): the same answers as CSV,
/// streamed a day at a time so memory stays flat however many rows there are. RFC 4180 (CRLF, quotes
/// doubled), UTF-8 with a byte order mark so spreadsheets read it as UTF-8, and safe to open: a text
/// cell starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c> (or a tab or carriage return) is
/// prefixed with <c>'</c> so no spreadsheet runs it as a formula. Reasons are slugs separated by <c>;</c>, and an answer's tags are one cell likewise; <c>agentIsCustomer</c> (last) is <c>true</c> or <c>false</c>.
/// </summary>
public sealed class RatingsCsvEndpoint(AnswerFeed feed, TimeProvider time)
{
    public static readonly string[] Header =
        ["surveyId", "ticketId", "source", "agent", "company", "channel", "touchpoint", "resolvedAt", "ratedAt", "rating", "score", "comment", "publish", "customerEmail", "customerName", "followUp", "ticketUrl", "reasons", "tags", "agentIsCustomer"];

    public async Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (RatingsEndpoint.Read(request, time.GetUtcNow(), out var problem) is not { } query)
        {
            return problem!;
        }

        // The first day is read before the answer starts, so storage being down is still a 503.
        var rows = feed.ReadAsync(query.Range, query.Filter, null, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var hasFirst = await rows.MoveNextAsync();
        var name = $"ratings-{query.Range.From:yyyy-MM-dd}-to-{query.Range.To:yyyy-MM-dd}.csv";
        return Results.Stream(
            async body =>
            {
                await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024) { NewLine = "\r\n" };
                await writer.WriteLineAsync(string.Join(',', Header));
                for (var more = hasFirst; more; more = await rows.MoveNextAsync())
                {
                    await writer.WriteLineAsync(Row(rows.Current));
                }

                await rows.DisposeAsync();
            },
            "text/csv; charset=utf-8",
            name);
    }

    public static string Row(AnswerItem item) => string.Join(',', new[]
    {
        Text(item.SurveyId),
        Text(item.TicketId),
        Text(item.Source),
        Text(item.Agent),
        Text(item.Company),
        Text(item.Channel),
        Text(item.Touchpoint),
        Time(item.ResolvedAt),
        Time(item.RatedAt),
        Text(item.Rating),
        item.Score?.ToString(CultureInfo.InvariantCulture) ?? "",
        Text(item.Comment),
        item.Publish ? "true" : "false",
        Text(item.CustomerEmail),
        Text(item.CustomerName),
        Text(item.FollowUp),
        Text(item.TicketUrl?.AbsoluteUri),
        Text(string.Join(';', item.Reasons)),
        Text(string.Join(CsatFunctions.Tags.AnswerTagList.Separator, item.Tags)),
        item.AgentIsCustomer ? "true" : "false",
    });

    /// <summary>A text cell: defused if a spreadsheet would read it as a formula, quoted if it holds a comma, quote or line break.</summary>
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var cell = value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
        return cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
