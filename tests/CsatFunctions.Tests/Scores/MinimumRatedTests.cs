using System.Net;
using System.Xml.Linq;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Scores;

/// <summary>
/// No "100%" from two ratings: the badge and the page's windows wait for Csat__MinimumRatedToShow (10
/// by default); the JSON always has the numbers. (The widget's side is in the browser tests.)
/// </summary>
public sealed class MinimumRatedTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    protected override TimeProvider Clock { get; } = new MidMonthClock();

    [Fact]
    public async Task Below_the_minimum_badge_and_page_say_how_many_ratings_so_far_and_the_json_keeps_the_numbers()
    {
        var score = await ScoreSeed.SeedAsync(Host, SendGrid);

        Assert.Equal(10, score["minimumRatedToShow"]!.GetValue<int>());
        Assert.Equal(75.0m, score["windows"]!["last30Days"]!["satisfactionPercent"]!.GetValue<decimal>());

        var badge = XDocument.Parse(await Host.Http.GetStringAsync("/api/score/badge.svg"));
        Assert.Equal(["satisfaction", "not enough ratings yet (4 so far)"], badge.Descendants(Svg + "text").Select(t => t.Value));
        Assert.Contains(badge.Descendants(Svg + "rect"), r => r.Attribute("fill")?.Value == "#9f9f9f");
        Assert.DoesNotContain("75.0%", badge.ToString());

        using var page = await Host.Http.GetAsync("/api/score/page");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<p class=\"headline\"><strong>Not enough ratings yet</strong></p>", html);
        Assert.Contains("4 ratings so far for tickets resolved in the last 30 days; we show the share once there are 10.", html);
        Assert.Contains("<tr><th scope=\"row\">last 30 days</th><td>5</td><td>4</td><td>2</td><td>1</td><td>1</td><td>not yet</td>", html);
    }
}
