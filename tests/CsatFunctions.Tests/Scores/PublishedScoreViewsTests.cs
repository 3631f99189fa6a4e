using System.Net;
using System.Xml.Linq;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Scores;

/// <summary>The badge, widget script and public page, as websites and people fetch them.</summary>
public sealed class PublishedScoreViewsTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    protected override TimeProvider Clock { get; } = new MidMonthClock();

    // The seeded history has 4 ratings in the last 30 days: at the minimum, so percentages show.
    protected override void Configure(Dictionary<string, string?> settings) => settings["Csat:MinimumRatedToShow"] = "4";

    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public async Task The_badge_is_plain_accessible_svg_showing_the_windows_satisfaction()
    {
        await ScoreSeed.SeedAsync(Host, SendGrid);

        using var response = await Host.Http.GetAsync("/api/score/badge.svg");
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Svg + "svg", svg.Root!.Name);
        Assert.Equal("img", svg.Root.Attribute("role")!.Value);
        Assert.Equal("satisfaction: 75.0%, based on 4 ratings, last 30 days (Example Hosting)", svg.Root.Element(Svg + "title")!.Value);
        Assert.Equal(["satisfaction", "75.0% · 4 ratings"], svg.Descendants(Svg + "text").Select(t => t.Value));
        Assert.Contains(svg.Descendants(Svg + "rect"), r => r.Attribute("fill")?.Value == "#b07d12");
        Assert.DoesNotContain(svg.Descendants(), e => e.Name.LocalName is "script" or "foreignObject");
        Assert.DoesNotContain(svg.Descendants().Attributes(), a => a.Name.LocalName.StartsWith("on", StringComparison.Ordinal) || a.Value.Contains("javascript:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_badge_follows_the_chosen_window_and_says_so_before_any_rating()
    {
        var empty = XDocument.Parse(await Host.Http.GetStringAsync("/api/score/badge.svg"));
        Assert.Equal(["satisfaction", "no ratings yet"], empty.Descendants(Svg + "text").Select(t => t.Value));

        await ScoreSeed.SeedAsync(Host, SendGrid);
        var year = XDocument.Parse(await Host.Http.GetStringAsync("/api/score/badge.svg?window=last365Days"));

        Assert.Equal(["satisfaction", "66.7% · 6 ratings"], year.Descendants(Svg + "text").Select(t => t.Value));
        Assert.Equal(HttpStatusCode.BadRequest, (await Host.Http.GetAsync("/api/score/badge.svg?window=forever")).StatusCode);
    }

    [Fact]
    public async Task Badge_and_widget_are_cached_and_revalidated_like_the_json()
    {
        foreach (var path in new[] { "/api/score/badge.svg", "/api/score/widget.js" })
        {
            using var first = await Host.Http.GetAsync(path);
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
            using var again = await Host.Http.SendAsync(request);

            Assert.Equal("*", first.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.True(first.Headers.CacheControl!.Public);
            Assert.False(first.Headers.ETag!.IsWeak);
            Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        }
    }

    [Fact]
    public async Task The_widget_is_one_small_dependency_free_script()
    {
        using var response = await Host.Http.GetAsync("/api/score/widget.js");
        var script = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/javascript", response.Content.Headers.ContentType!.MediaType);
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(script), 500, 7 * 1024);
        // ASCII only, so it reads right whatever charset the embedding page implies.
        Assert.DoesNotContain(script, c => c > 127);
        Assert.Contains("attachShadow", script);
        Assert.Contains("credentials: \"omit\"", script);
        Assert.DoesNotContain("import ", script);
        Assert.DoesNotContain("document.cookie", script);
    }

    [Fact]
    public async Task The_public_page_shows_the_figures_the_method_and_a_bar_only_for_months_with_enough_ratings()
    {
        await ScoreSeed.SeedAsync(Host, SendGrid);

        using var response = await Host.Http.GetAsync("/api/score/page");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<p class=\"headline\"><strong>75.0%</strong></p>", html);
        Assert.Contains("of the 4 rated tickets resolved in the last 30 days were rated excellent or satisfactory.", html);
        Assert.Contains("<tr><th scope=\"row\">Surveyed</th><td data-label=\"last 7 days\">5</td><td data-label=\"last 30 days\">5</td><td data-label=\"last 90 days\">7</td><td data-label=\"last 12 months\">7</td><td data-label=\"all time\">7</td></tr>", html);
        Assert.Contains("<tr><th scope=\"row\">Satisfied</th><td data-label=\"last 7 days\">75.0%</td><td data-label=\"last 30 days\">75.0%</td><td data-label=\"last 90 days\">66.7%</td><td data-label=\"last 12 months\">66.7%</td><td data-label=\"all time\">66.7%</td></tr>", html);
        Assert.Contains("<tr><th scope=\"row\">Response rate of delivered</th><td data-label=\"last 7 days\">–</td>", html);
        Assert.Contains("tickets nobody rated are left out of it", html);
        Assert.True(html.IndexOf("class=\"headline\"", StringComparison.Ordinal) < html.IndexOf("<svg", StringComparison.Ordinal) && html.IndexOf("</svg>", StringComparison.Ordinal) < html.IndexOf("<table", StringComparison.Ordinal), "the headline, then the graph, then the details");

        // Drawn twice, 24 months for a wide screen and 12 for a phone: this month has 4 ratings, the
        // minimum, and a bar; two months ago has 2, and an empty slot that says so instead of a 50% bar.
        var (now, twoMonthsAgo) = (Host.Clock.GetUtcNow(), Host.Clock.GetUtcNow().AddMonths(-2));
        var graphs = ScorePageGraphs.Of(html);
        Assert.Equal(["graph wide", "graph narrow"], graphs.Select(g => g.Attribute("class")!.Value));
        foreach (var graph in graphs)
        {
            var bar = Assert.Single(graph.Descendants(Svg + "rect"), r => r.Attribute("class")?.Value == "bar");
            Assert.Equal(now.ToString("yyyy-MM"), bar.Attribute("data-month")!.Value);
            Assert.Equal(180 * 0.75, double.Parse(bar.Attribute("height")!.Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal($"{now.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}: 75.0% satisfied, from 4 ratings", bar.Element(Svg + "title")!.Value);
            var few = Assert.Single(graph.Descendants(Svg + "rect"), r => r.Attribute("class")?.Value == "few");
            Assert.Equal(twoMonthsAgo.ToString("yyyy-MM"), few.Attribute("data-month")!.Value);
            Assert.Equal($"{twoMonthsAgo.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}: not enough ratings (2 so far; we show the share from 4)", few.Element(Svg + "title")!.Value);
        }

        Assert.Contains("A dashed month had fewer than 4 ratings: too few to show a share.", html);
    }

    [Fact]
    public async Task The_public_document_breaks_the_score_down_by_touchpoint()
    {
        var tickets = new[] { ("T-A", "onboarding", "excellent"), ("T-B", "Onboarding", "unsatisfactory"), ("T-C", "support", "satisfactory"), ("T-D", null, "excellent") };
        foreach (var (ticket, touchpoint, _) in tickets)
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(PipelineHost.Ticket(ticket, $"{ticket}@example.org"))!;
            json["touchpoint"] = touchpoint;
            Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(json.ToJsonString())).StatusCode);
        }

        var mails = (await SendGrid.WaitForAsync(tickets.Length)).ToDictionary(SurveyMail.ToAddressOf);
        foreach (var (ticket, _, rating) in tickets)
        {
            (await Host.Http.PostAsync(SurveyMail.PostPathFor(mails[$"{ticket}@example.org"]), new FormUrlEncodedContent([new("rating", rating)]))).Dispose();
        }

        var touchpoints = (await Host.RefreshScoreAsync())["touchpoints"]!.AsObject();

        Assert.Equal(["onboarding", "support"], touchpoints.Select(t => t.Key));
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(
            System.Text.Json.Nodes.JsonNode.Parse("""{"surveyed":2,"rated":2,"excellent":1,"satisfactory":0,"unsatisfactory":1,"satisfactionPercent":50.0,"responseRatePercent":100.0,"notSurveyed":0,"delivered":0,"undeliverable":0,"responseRateOfDeliveredPercent":null,"reminded":0}"""),
            touchpoints["onboarding"]!["last30Days"]));
        Assert.Equal(1, touchpoints["support"]!["allTime"]!["satisfactory"]!.GetValue<int>());
    }

    [Fact]
    public async Task Emails_link_to_the_public_page()
    {
        await Host.SendTicketAsync(PipelineHost.Ticket("T-LINK"));
        var mail = (await SendGrid.WaitForAsync(1))[0];

        Assert.Contains($"{PipelineHost.PublicBaseUrl}/api/score/page", SurveyMail.Text(mail, "text/plain"));
        Assert.Equal(HttpStatusCode.OK, (await Host.Http.GetAsync("/api/score/page")).StatusCode);
    }
}
