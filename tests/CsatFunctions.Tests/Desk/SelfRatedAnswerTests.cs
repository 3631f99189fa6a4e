using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Desk;

/// <summary>
/// An answer whose ticket's agent is the customer (staff rating their own ticket) is marked
/// "self-rated" in the ratings feed, its CSV and the desk; the mark goes with the customer's data
/// when that is erased, since beside the agent's name it would say who the customer was.
/// </summary>
public sealed partial class SelfRatedAnswerTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    [Fact]
    public async Task Answers_whose_agent_is_the_customer_by_name_or_address_are_marked_in_the_feed_the_csv_and_the_desk()
    {
        var tickets = new (string Id, string Email, string? Name, string? Agent, bool SelfRated)[]
        {
            ("T-BY-NAME", "kim@acme.example", "Kim Meyer", "  kim MEYER ", true),
            ("T-BY-ADDRESS", "dana@acme.example", "Dana Lee", "DANA@acme.example", true),
            ("T-OTHER-AGENT", "ann@customer.example", "Ann Davis", "Sam Agent", false),

            // An address's local part alone is not the customer: "bob" may be anyone's.
            ("T-LOCAL-PART", "bob@customer.example", "Robert Shaw", "bob", false),

            // No agent and no name: nothing to match.
            ("T-NO-AGENT", "eve@customer.example", null, null, false),
        };

        var expected = new Dictionary<string, bool>();
        var mails = new List<ReceivedMail>();
        foreach (var ticket in tickets)
        {
            var mail = await Host.SurveyEmailForAsync(SendGrid, PipelineHost.Ticket(ticket.Id, ticket.Email, ticket.Name, "VPN down", ticket.Agent));
            await Host.AnswerAsync(mail, "excellent");
            expected[SurveyMail.SurveyIdOf(mail)] = ticket.SelfRated;
            mails.Add(mail);
        }

        var feed = (await Host.AdminAsync(HttpMethod.Get, "/api/admin/ratings"))["items"]!.AsArray();
        Assert.Equal(expected.OrderBy(e => e.Key), feed.Select(item => KeyValuePair.Create(item!["surveyId"]!.GetValue<string>(), item["agentIsCustomer"]!.GetValue<bool>())).OrderBy(e => e.Key));

        var csv = (await Host.AdminCsvAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",tags,agentIsCustomer", csv[0]);
        Assert.Equal(expected.OrderBy(e => e.Key), csv[1..].Select(row => KeyValuePair.Create(row[..row.IndexOf(',')], row.EndsWith(",true", StringComparison.Ordinal) ? true : row.EndsWith(",false", StringComparison.Ordinal) ? false : throw new InvalidOperationException(row))).OrderBy(e => e.Key));

        var page = await DeskAsync();
        foreach (var (surveyId, selfRated) in expected)
        {
            var row = Regex.Match(page, $"""<tr id="answer-{surveyId}">.*?</tr>""", RegexOptions.Singleline).Value;
            Assert.NotEmpty(row);
            Assert.Equal(selfRated, SelfRatedMark().IsMatch(row));
        }

        // The customer's data is erased, then they change their mind, which files the erased survey (no
        // name, no address) again: the mark goes with the data, since beside the agent's name it would say who the customer was.
        var byName = SurveyMail.SurveyIdOf(mails[0]);
        using var erase = new HttpRequestMessage(HttpMethod.Delete, "/api/admin/customers/kim@acme.example");
        erase.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PipelineHost.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await Host.Http.SendAsync(erase)).StatusCode);
        await Host.AnswerAsync(mails[0], "satisfactory");
        var erased = (await Host.AdminAsync(HttpMethod.Get, "/api/admin/ratings"))["items"]!.AsArray().Single(item => item!["surveyId"]!.GetValue<string>() == byName)!;
        Assert.Equal("satisfactory", erased["rating"]!.GetValue<string>());
        Assert.Null(erased["customerEmail"]);
        Assert.False(erased["agentIsCustomer"]!.GetValue<bool>());
    }

    private async Task<string> DeskAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/desk");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PipelineHost.AdminKey);
        using var desk = await Host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, desk.StatusCode);
        return await desk.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("""<strong class="self-rated" title="[^"]+">self-rated</strong>""")]
    private static partial Regex SelfRatedMark();
}
