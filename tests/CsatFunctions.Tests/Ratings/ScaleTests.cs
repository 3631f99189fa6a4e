using System.Net;
using System.Text.Json.Nodes;
using CsatFunctions.Scores;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Ratings;

public sealed class ScaleRegistryTests
{
    [Theory]
    [InlineData("five-point", "5", Rating.Excellent, 5)]
    [InlineData("five-point", "4", Rating.Satisfactory, 4)]
    [InlineData("five-point", "3", Rating.Unsatisfactory, 3)]
    [InlineData("five-point", "1", Rating.Unsatisfactory, 1)]
    [InlineData("nps", "10", Rating.Excellent, 10)]
    [InlineData("nps", "9", Rating.Excellent, 9)]
    [InlineData("nps", "8", Rating.Satisfactory, 8)]
    [InlineData("nps", "7", Rating.Satisfactory, 7)]
    [InlineData("nps", "6", Rating.Unsatisfactory, 6)]
    [InlineData("nps", "0", Rating.Unsatisfactory, 0)]
    public void Numbered_answers_fall_into_the_contract_buckets(string scale, string value, Rating bucket, int score)
    {
        Assert.True(Scales.Stored(scale).TryRead(value, out var readBucket, out var readScore));
        Assert.Equal((bucket, score), (readBucket, readScore!.Value));
    }

    [Theory]
    [InlineData("five-point", "0")]
    [InlineData("five-point", "6")]
    [InlineData("five-point", "excellent")]
    [InlineData("nps", "11")]
    [InlineData("nps", "-1")]
    [InlineData("three-level", "5")]
    public void Answers_off_the_scale_are_refused(string scale, string value) => Assert.False(Scales.Stored(scale).TryRead(value, out _, out _));

    [Fact]
    public void The_bottom_of_each_scale_alerts()
    {
        Assert.True(Scale.ThreeLevel.IsBottom(Rating.Unsatisfactory, null));
        Assert.True(Scale.FivePoint.IsBottom(Rating.Unsatisfactory, 1));
        Assert.False(Scale.FivePoint.IsBottom(Rating.Unsatisfactory, 2));
        Assert.True(Scale.Nps.IsBottom(Rating.Unsatisfactory, 6));
        Assert.False(Scale.Nps.IsBottom(Rating.Satisfactory, 7));
    }

    [Fact]
    public void Windows_report_five_point_counts_and_the_net_promoter_score()
    {
        var day = new DateOnly(2026, 11, 22);
        var tally = new DailyTally(day, 0, 0, 0, 0);
        foreach (var (scale, score) in new[] { (Scale.Nps, 10), (Scale.Nps, 9), (Scale.Nps, 8), (Scale.Nps, 3), (Scale.Nps, 6), (Scale.Nps, 10), (Scale.FivePoint, 4), (Scale.FivePoint, 1) })
        {
            Assert.True(scale.TryRead(score.ToString(), out var bucket, out var number));
            tally = tally.Add(bucket, false, scale, number);
        }

        var window = ScoreCalculator.Calculate("Example Hosting", [tally], new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero)).Windows.Last7Days;

        Assert.Equal(new NpsSummary(6, 3, 1, 2, 16.7m), window.Nps);
        Assert.Equal(new FivePointCounts(1, 0, 0, 1, 0), window.FivePoint);
        Assert.Equal((8, 3, 2, 3), (window.Rated, window.Excellent, window.Satisfactory, window.Unsatisfactory));
    }
}

/// <summary>Surveys on the five-point and NPS scales, end to end.</summary>
public sealed class ScaleTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Csat:Scale"] = "five-point";
        settings["Csat:AlertEmail"] = "lead@example-hosting.test";
    }

    [Fact]
    public async Task The_configured_scale_asks_one_to_five_and_counts_four_and_five_as_satisfied()
    {
        var first = await SurveyFor("T-1", "a@example.org");
        var second = await SurveyFor("T-2", "b@example.org");

        Assert.Equal(["1", "2", "3", "4", "5"], Links(first).Select(l => l.Split("?rating=")[1]));
        using var page = await Host.Http.GetAsync(Links(first)[3]);
        Assert.Contains("<h1>You chose: 4</h1>", await page.Content.ReadAsStringAsync());
        Assert.Equal("4", (await Rate(first, "4"))["rating"]!.GetValue<string>());
        await Rate(second, "2");
        using var offScale = await Host.Http.PostAsync(SurveyMail.PostPathFor(second), new FormUrlEncodedContent([new("rating", "excellent")]));

        var window = (await Host.RefreshScoreAsync())["windows"]!["last7Days"]!;
        Assert.Equal(HttpStatusCode.BadRequest, offScale.StatusCode);
        Assert.Equal(50.0m, window["satisfactionPercent"]!.GetValue<decimal>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"1":0,"2":1,"3":0,"4":1,"5":0}"""), window["fivePoint"]));
        Assert.Null(window["nps"]);
    }

    [Fact]
    public async Task An_event_can_ask_for_nps_and_a_detractor_alerts_the_lead()
    {
        var json = JsonNode.Parse(PipelineHost.Ticket("T-N", "n@example.org"))!;
        json["scale"] = "nps";
        Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(json.ToJsonString())).StatusCode);
        var mail = (await SendGrid.WaitForAsync(1))[0];

        Assert.Equal(11, Links(mail).Count);
        Assert.Contains("How likely are you to recommend Example Hosting to a friend or colleague?", SurveyMail.Text(mail, "text/plain"));
        await Rate(mail, "6");
        var alert = (await SendGrid.WaitForAsync(2))[1];
        Assert.Equal("NPS 6 rating for ticket T-N (agent unassigned) from n@example.org", alert.Json["personalizations"]![0]!["subject"]!.GetValue<string>());

        var nps = (await Host.RefreshScoreAsync())["windows"]!["allTime"]!["nps"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"answered":1,"promoters":0,"passives":0,"detractors":1,"score":-100.0}"""), nps));
    }

    [Fact]
    public async Task An_unknown_scale_on_an_event_asks_on_the_configured_scale()
    {
        var json = JsonNode.Parse(PipelineHost.Ticket("T-X"))!;
        json["scale"] = "ten-point";

        using var response = await Host.SendTicketAsync(json.ToJsonString());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var mail = Assert.Single(await SendGrid.WaitForAsync(1));
        Assert.EndsWith("?rating=5", SurveyMail.LinkFor(mail, "5"));
    }

    private async Task<ReceivedMail> SurveyFor(string ticket, string email)
    {
        var before = SendGrid.Received.Count;
        Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(PipelineHost.Ticket(ticket, email))).StatusCode);
        return (await SendGrid.WaitForAsync(before + 1))[before];
    }

    private static List<string> Links(ReceivedMail mail) =>
        [.. System.Text.RegularExpressions.Regex.Matches(SurveyMail.Text(mail, "text/plain"), @"https?://\S+/api/ratings/\S+").Select(m => m.Value[PipelineHost.PublicBaseUrl.Length..])];

    private async Task<JsonNode> Rate(ReceivedMail mail, string rating)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, SurveyMail.PostPathFor(mail)) { Content = new FormUrlEncodedContent([new("rating", rating)]) };
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await Host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
