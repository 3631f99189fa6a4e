using System.Net;
using System.Text.Json.Nodes;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.SelfHost;

/// <summary>The whole pipeline as its users meet it: helpdesk, mail scanner, customers and a website.</summary>
public sealed class EndToEndScenarioTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    protected override TimeProvider Clock { get; } = new MidMonthClock();

    [Fact]
    public async Task Ten_tickets_including_a_phone_only_one_and_a_redelivery_are_surveyed_rated_and_published()
    {
        var resolvedAt = Host.Clock.GetUtcNow().AddMinutes(-30);
        for (var i = 1; i <= 8; i++)
        {
            var response = await Host.SendTicketAsync(PipelineHost.Ticket($"T-{i}", $"customer{i}@example.org", $"Customer {i}", $"Issue {i}", "Patrick", "email", resolvedAt));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        // Resolved by phone: no channel, no subject, no name, no history, no resolvedAt. Counted all the same.
        Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(PipelineHost.Ticket("T-PHONE", "caller@example.org"))).StatusCode);

        // The helpdesk delivers ticket T-9 four times at once (each with its own webhook-id).
        var redelivery = PipelineHost.Ticket("T-9", "customer9@example.org", "Customer 9", "Issue 9", channel: "chat", resolvedAt: resolvedAt);
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Host.SendTicketAsync(redelivery)));
        var bodies = await Task.WhenAll(answers.Select(async a => JsonNode.Parse(await a.Content.ReadAsStringAsync())!));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Accepted);
        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Single(bodies.Select(b => b["surveyId"]!.GetValue<string>()).Distinct());
        Assert.Equal(["accepted", "duplicate", "duplicate", "duplicate"], bodies.Select(b => b["status"]!.GetValue<string>()).Order());

        var mails = await SendGrid.WaitForAsync(10);
        Assert.Equal(10, mails.Select(SurveyMail.SurveyIdOf).Distinct().Count());
        Assert.Contains(mails, m => SurveyMail.ToAddressOf(m) == "caller@example.org");

        // A mail security scanner fetches every link in every email. None of that is a rating.
        foreach (var mail in mails)
        {
            foreach (var rating in new[] { "excellent", "satisfactory", "unsatisfactory" })
            {
                Assert.Equal(HttpStatusCode.OK, (await Host.Http.GetAsync(SurveyMail.LinkFor(mail, rating))).StatusCode);
            }
        }

        var scanned = await Host.RefreshScoreAsync();
        Assert.Equal(10, scanned["windows"]!["last7Days"]!["surveyed"]!.GetValue<int>());
        Assert.Equal(0, scanned["windows"]!["last7Days"]!["rated"]!.GetValue<int>());

        // 4 excellent, 3 satisfactory, 1 unsatisfactory (the phone customer), 2 never answer.
        var byAddress = mails.ToDictionary(SurveyMail.ToAddressOf);
        string[] excellent = ["customer1@example.org", "customer2@example.org", "customer3@example.org", "customer4@example.org"];
        string[] satisfactory = ["customer5@example.org", "customer6@example.org", "customer9@example.org"];
        foreach (var address in excellent)
        {
            await Rate(byAddress[address], "excellent");
        }

        foreach (var address in satisfactory)
        {
            await Rate(byAddress[address], "satisfactory");
        }

        await Rate(byAddress["caller@example.org"], "unsatisfactory");

        var rated = await Host.RefreshScoreAsync();
        var expected = JsonNode.Parse("""{"surveyed":10,"rated":8,"excellent":4,"satisfactory":3,"unsatisfactory":1,"satisfactionPercent":87.5,"responseRatePercent":80.0,"notSurveyed":0,"delivered":0,"undeliverable":0,"responseRateOfDeliveredPercent":null,"reminded":0}""");
        foreach (var window in new[] { "last7Days", "last30Days", "last90Days", "last365Days", "allTime" })
        {
            Assert.True(JsonNode.DeepEquals(expected, rated["windows"]![window]), $"{window}: {rated["windows"]![window]}");
        }

        var month = rated["monthly"]!.AsArray().Last()!;
        Assert.Equal(Host.Clock.GetUtcNow().ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), month["month"]!.GetValue<string>());
        Assert.Equal(87.5m, month["satisfactionPercent"]!.GetValue<decimal>());

        // The phone customer thinks again: the latest answer stands.
        await Rate(byAddress["caller@example.org"], "excellent");
        var changed = await Host.RefreshScoreAsync();
        Assert.True(
            JsonNode.DeepEquals(
                JsonNode.Parse("""{"surveyed":10,"rated":8,"excellent":5,"satisfactory":3,"unsatisfactory":0,"satisfactionPercent":100.0,"responseRatePercent":80.0,"notSurveyed":0,"delivered":0,"undeliverable":0,"responseRateOfDeliveredPercent":null,"reminded":0}"""),
                changed["windows"]!["last30Days"]),
            changed["windows"]!["last30Days"]!.ToJsonString());
        Assert.Contains("\"satisfactionPercent\":100.0", changed.ToJsonString());

        // What websites read is what the aggregator published.
        var published = JsonNode.Parse(await Host.Http.GetStringAsync("/api/score"));
        Assert.True(JsonNode.DeepEquals(changed, published));

        await Host.WaitForQueueDrainedAsync();
        Assert.Equal(10, SendGrid.Received.Count);
    }

    private async Task Rate(ReceivedMail mail, string rating)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, SurveyMail.PostPathFor(mail))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["rating"] = rating }),
        };
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await Host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(rating, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["rating"]!.GetValue<string>());
    }
}
