using System.Net;
using System.Text.Json.Nodes;

namespace CsatFunctions.Tests.Infrastructure;

/// <summary>
/// A small rated history through the real routes: this month and two months back, one ticket unrated.
/// Give the host a <see cref="MidMonthClock"/> when the test reads months.
/// </summary>
public static class ScoreSeed
{
    /// <param name="comments">Comments, by ticket, that their customers allow us to publish; rated in the order of the tickets above.</param>
    /// <returns>The published document after a refresh.</returns>
    public static async Task<JsonNode> SeedAsync(PipelineHost host, SendGridStub sendGrid, IReadOnlyDictionary<string, string>? comments = null)
    {
        var now = host.Clock.GetUtcNow();
        (string Ticket, DateTimeOffset ResolvedAt, string? Rating)[] tickets =
        [
            ("S-1", now.AddMinutes(-5), "excellent"),
            ("S-2", now.AddMinutes(-5), "excellent"),
            ("S-3", now.AddMinutes(-5), "satisfactory"),
            ("S-4", now.AddMinutes(-5), "unsatisfactory"),
            ("S-5", now.AddMinutes(-5), null),
            ("S-6", now.AddMonths(-2), "excellent"),
            ("S-7", now.AddMonths(-2), "unsatisfactory"),
        ];
        foreach (var (ticket, resolvedAt, _) in tickets)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket(ticket, $"{ticket}@example.org", resolvedAt: resolvedAt))).StatusCode);
        }

        var mails = (await sendGrid.WaitForAsync(tickets.Length)).ToDictionary(SurveyMail.ToAddressOf);
        foreach (var (ticket, _, rating) in tickets.Where(t => t.Rating is not null))
        {
            List<KeyValuePair<string, string>> fields = [new("rating", rating!)];
            if (comments?.GetValueOrDefault(ticket) is { } comment)
            {
                fields.AddRange([new("comment", comment), new("publish", "on")]);
            }

            using var response = await host.Http.PostAsync(SurveyMail.PostPathFor(mails[$"{ticket}@example.org"]), new FormUrlEncodedContent(fields));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        return await host.RefreshScoreAsync();
    }
}
