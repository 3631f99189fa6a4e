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
        Assert.Contains("<tr><th scope=\"row\">Satisfied</th><td data-label=\"last 7 days\">not yet</td><td data-label=\"last 30 days\">not yet</td>", html);
        Assert.Contains("<tr><th scope=\"row\">Rated</th><td data-label=\"last 7 days\">4</td><td data-label=\"last 30 days\">4</td>", html);

        // Nor does the graph draw this month's 4 ratings as a 75% bar: it says there are not enough.
        var now = Host.Clock.GetUtcNow();
        foreach (var graph in ScorePageGraphs.Of(html))
        {
            Assert.DoesNotContain(graph.Descendants(Svg + "rect"), r => r.Attribute("class")?.Value == "bar");
            var few = graph.Descendants(Svg + "rect").Where(r => r.Attribute("class")?.Value == "few").ToList();
            Assert.Equal([now.AddMonths(-2).ToString("yyyy-MM"), now.ToString("yyyy-MM")], few.Select(r => r.Attribute("data-month")!.Value));
            Assert.Equal($"{now.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}: not enough ratings (4 so far; we show the share from 10)", few[1].Element(Svg + "title")!.Value);
        }
    }
}
