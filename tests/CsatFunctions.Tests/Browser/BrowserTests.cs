using System.Text.Json.Nodes;
using CsatFunctions.Storage;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Browser;

/// <summary>
/// The published score in a real browser (Debian's Chromium, driven by playwright-core): the widget
/// embedded on a page from another origin, and the public page with its graph.
/// </summary>
public sealed class BrowserTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    protected override TimeProvider Clock { get; } = new MidMonthClock();

    private readonly string published = "site-" + Guid.NewGuid().ToString("N")[..12];

    // Comments customers allowed us to publish, in the order they were given (the newest last).
    private static readonly Dictionary<string, string> Comments = new()
    {
        ["S-1"] = "Fixed my DNS in minutes.",
        ["S-3"] = "Fine, if a little slow <b>to answer</b>.",
        ["S-4"] = "Nobody called me back.",
    };

    // The seeded history has 4 ratings in the last 30 days: at the minimum, so percentages show.
    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Csat:MinimumRatedToShow"] = "4";
        settings["Csat:PublishContainer"] = published;
        settings["Csat:LedgerSigningKey"] = Convert.ToBase64String(LedgerKey.ExportPkcs8PrivateKey());
    }

    private static readonly System.Security.Cryptography.ECDsa LedgerKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);

    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task A_page_on_another_origin_shows_the_widget_with_the_published_numbers()
    {
        SkipWithoutChromium();
        var score = await ScoreSeed.SeedAsync(Host, SendGrid);
        await using var site = await CompanySite.StartAsync($$"""
            <!DOCTYPE html><html><head><style>div { color: red !important; font-size: 40px; } .w { display: none; }</style></head><body>
            <h1>Example Hosting</h1>
            <div data-csat-score></div>
            <div data-csat-score data-window="last365Days" data-theme="dark"></div>
            <script src="{{Host.Http.BaseAddress}}api/score/widget.js" async></script>
            </body></html>
            """);

        var seen = await Browse("widget", site.Url);

        var widgets = seen["widgets"]!.AsArray();
        var month = score["windows"]!["last30Days"]!;
        var year = score["windows"]!["last365Days"]!;
        Assert.Equal(2, widgets.Count);
        Assert.Contains($"{month["satisfactionPercent"]!.GetValue<decimal>():0.0}%", widgets[0]!["text"]!.GetValue<string>());
        Assert.Contains($"of {month["rated"]} rated tickets were excellent or satisfactory", widgets[0]!["text"]!.GetValue<string>());
        Assert.Contains($"based on {month["rated"]} ratings, last 30 days · response rate {month["responseRatePercent"]!.GetValue<decimal>():0.0}%", widgets[0]!["text"]!.GetValue<string>());
        Assert.Contains($"{year["satisfactionPercent"]!.GetValue<decimal>():0.0}%", widgets[1]!["text"]!.GetValue<string>());
        Assert.Contains("last 12 months", widgets[1]!["text"]!.GetValue<string>());
        Assert.True(widgets[1]!["dark"]!.GetValue<bool>());
        Assert.Equal($"{Host.Http.BaseAddress}api/score/page", widgets[0]!["link"]!.GetValue<string>());

        // The host page's "div { color: red !important }" and ".w { display: none }" do not reach inside.
        Assert.Equal("rgb(29, 35, 48)", widgets[0]!["lightText"]!.GetValue<string>());
        Assert.Empty(seen["cookies"]!.AsArray());
        Assert.Empty(seen["errors"]!.AsArray());
    }

    [Fact]
    public async Task The_widget_shows_the_newest_comments_whatever_their_rating_escaped()
    {
        SkipWithoutChromium();
        await ScoreSeed.SeedAsync(Host, SendGrid, Comments);
        await using var site = await CompanySite.StartAsync($$"""
            <!DOCTYPE html><html><body>
            <div data-csat-score data-comments="2"></div>
            <div data-csat-score></div>
            <script src="{{Host.Http.BaseAddress}}api/score/widget.js" async></script>
            </body></html>
            """);

        var seen = await Browse("widget", site.Url);

        var (withComments, without) = (seen["widgets"]![0]!["text"]!.GetValue<string>(), seen["widgets"]![1]!["text"]!.GetValue<string>());
        var month = Clock.GetUtcNow().ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"“Nobody called me back.” — A customer, Unsatisfactory, {month}", withComments);
        Assert.Contains($"“Fine, if a little slow <b>to answer</b>.” — A customer, Satisfactory, {month}", withComments);
        Assert.DoesNotContain("Fixed my DNS", withComments);
        Assert.DoesNotContain("Nobody called", without);
        Assert.Empty(seen["errors"]!.AsArray());
    }

    [Fact]
    public async Task The_published_widget_file_draws_the_score_and_comments_it_carries_without_another_request()
    {
        SkipWithoutChromium();
        var score = await ScoreSeed.SeedAsync(Host, SendGrid, Comments);
        var widget = (await Host.Services.GetRequiredService<CsatStorage>().ContainerNamed(published).GetBlobClient("widget.js").DownloadContentAsync()).Value.Content.ToString();
        // Beside it, score.json and comments.json answer 503: the storage static website cannot answer a cross-origin fetch anyway.
        await using var site = await CompanySite.StartAsync(
            """<!DOCTYPE html><html><body><div data-csat-score data-comments="3"></div><script src="/files/widget.js"></script></body></html>""",
            serveWidgetAt: "/files/widget.js",
            widget: widget);

        var seen = await Browse("widget", site.Url);

        var shown = Assert.Single(seen["widgets"]!.AsArray())!;
        Assert.Contains($"{score["windows"]!["last30Days"]!["satisfactionPercent"]!.GetValue<decimal>():0.0}%", shown["text"]!.GetValue<string>());
        Assert.Contains("“Fixed my DNS in minutes.” — A customer, Excellent", shown["text"]!.GetValue<string>());
        Assert.Equal($"{site.Url}files/index.html", shown["link"]!.GetValue<string>());
        Assert.Empty(seen["errors"]!.AsArray());
    }

    [Fact]
    public async Task Loaded_from_beside_a_score_json_the_widget_reads_it()
    {
        SkipWithoutChromium();
        var score = await ScoreSeed.SeedAsync(Host, SendGrid);
        await using var site = await CompanySite.StartAsync(
            """<!DOCTYPE html><html><body><div data-csat-score></div><script src="/files/widget.js"></script></body></html>""",
            serveWidgetAt: "/files/widget.js",
            score: score.ToJsonString());

        var seen = await Browse("widget", site.Url);

        var widget = Assert.Single(seen["widgets"]!.AsArray())!;
        Assert.Contains($"{score["windows"]!["last30Days"]!["satisfactionPercent"]!.GetValue<decimal>():0.0}%", widget["text"]!.GetValue<string>());
        Assert.Equal($"{site.Url}files/index.html", widget["link"]!.GetValue<string>());
        Assert.Empty(seen["errors"]!.AsArray());
    }

    [Fact]
    public async Task When_the_score_cannot_be_loaded_the_widget_says_so_politely()
    {
        SkipWithoutChromium();
        await using var site = await CompanySite.StartAsync(
            """<!DOCTYPE html><html><body><div data-csat-score></div><script src="/down/score/widget.js"></script></body></html>""",
            serveWidgetAt: "/down/score/widget.js");

        var seen = await Browse("widget", site.Url);

        Assert.Equal("Customer satisfaction score unavailable right now.", seen["widgets"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Below_the_published_minimum_the_widget_says_how_many_ratings_so_far_not_a_percentage()
    {
        SkipWithoutChromium();
        var score = (await ScoreSeed.SeedAsync(Host, SendGrid)).AsObject();
        score["minimumRatedToShow"] = 10;
        await using var site = await CompanySite.StartAsync(
            "<!DOCTYPE html><html><body><div data-csat-score></div><script src=\"/few/score/widget.js\"></script></body></html>",
            serveWidgetAt: "/few/score/widget.js",
            score: score.ToJsonString());

        var seen = await Browse("widget", site.Url);

        var text = seen["widgets"]![0]!["text"]!.GetValue<string>();
        Assert.Contains("Not enough ratings yet", text);
        Assert.Contains("(4 so far)", text);
        Assert.DoesNotContain("75.0%", text);
        Assert.Empty(seen["errors"]!.AsArray());
    }

    [Fact]
    public async Task The_public_page_renders_its_monthly_graph()
    {
        SkipWithoutChromium();
        await ScoreSeed.SeedAsync(Host, SendGrid);
        var screenshot = Path.Combine(Path.GetTempPath(), $"csat-score-page-{Guid.NewGuid():N}.png");

        var seen = await Browse("screenshot", $"{Host.Http.BaseAddress}api/score/page", screenshot);

        try
        {
            Assert.Equal("Customer satisfaction · Example Hosting", seen["title"]!.GetValue<string>());
            var bars = seen["bars"]!.AsArray();
            // Two months ago had 2 ratings, under the minimum of 4: no bar for it.
            Assert.Equal([Host.Clock.GetUtcNow().ToString("yyyy-MM")], bars.Select(b => b!["month"]!.GetValue<string>()));
            Assert.All(bars, bar => Assert.True(bar!["height"]!.GetValue<double>() > 0));
            Assert.Empty(seen["errors"]!.AsArray());
            var png = await File.ReadAllBytesAsync(screenshot);
            Assert.Equal([0x89, 0x50, 0x4E, 0x47], png[..4]);
            Assert.True(png.Length > 20_000, $"the screenshot is only {png.Length} bytes");
        }
        finally
        {
            File.Delete(screenshot);
        }
    }

    [Fact]
    public async Task The_public_page_reads_on_a_phone_and_on_a_desktop_without_scrolling_sideways()
    {
        SkipWithoutChromium();
        await ScoreSeed.SeedAsync(Host, SendGrid, Comments);
        var results = Directory.CreateDirectory(Path.Combine(AzuriteProcess.RepositoryRoot(), "TestResults"));
        var (now, twoMonthsAgo) = (Host.Clock.GetUtcNow().ToString("yyyy-MM"), Host.Clock.GetUtcNow().AddMonths(-2).ToString("yyyy-MM"));

        var seen = await Browse("layout", $"{Host.Http.BaseAddress}api/score/page", Path.Combine(results.FullName, "score-page.png"), "320,390,768,1300,1440");

        Assert.Empty(seen["errors"]!.AsArray());
        foreach (var layout in seen["layouts"]!.AsArray())
        {
            var width = layout!["width"]!.GetValue<int>();
            Assert.True(layout["scrollWidth"]!.GetValue<int>() <= layout["clientWidth"]!.GetValue<int>(), $"at {width} px the page scrolls sideways: {layout["scrollWidth"]} px wide");
            Assert.True(layout["outside"]!.AsArray().Count == 0, $"at {width} px these stick out of the viewport: {string.Join("; ", layout["outside"]!.AsArray())}");
            Assert.Equal(["headline", "graph", "details"], layout["order"]!.AsArray().Select(p => p!.GetValue<string>()));
            Assert.Equal(1, layout["graphsShown"]!.GetValue<int>());

            // This month has 4 ratings, the minimum: a bar drawn tall enough to read. Two months ago has 2: no bar, shown as too few.
            var bar = Assert.Single(layout["bars"]!.AsArray())!;
            Assert.Equal(now, bar["month"]!.GetValue<string>());
            Assert.True(bar["height"]!.GetValue<double>() >= 80, $"at {width} px the 75% bar is only {bar["height"]} px tall");
            Assert.Equal([twoMonthsAgo], layout["few"]!.AsArray().Select(m => m!.GetValue<string>()));
            Assert.True(layout["smallestText"]!.GetValue<double>() >= 10, $"at {width} px the graph's smallest text is {layout["smallestText"]} px");
            Assert.True(new FileInfo(layout["screenshot"]!.GetValue<string>()).Length > 20_000, $"the {width} px screenshot is too small to show the page");
        }
    }

    [Fact]
    public async Task The_rating_page_reads_right_in_each_language()
    {
        SkipWithoutChromium();
        var results = Directory.CreateDirectory(Path.Combine(AzuriteProcess.RepositoryRoot(), "TestResults"));
        foreach (var code in CsatFunctions.Languages.Languages.Shipped.Keys)
        {
            var ticket = System.Text.Json.Nodes.JsonNode.Parse(PipelineHost.Ticket($"LANG-{code}", $"{code}@example.org", "Kim Meyer", "VPN down"))!;
            ticket["locale"] = code;
            Assert.Equal(System.Net.HttpStatusCode.Accepted, (await Host.SendTicketAsync(ticket.ToJsonString())).StatusCode);
            var mail = (await SendGrid.WaitForAsync(SendGrid.Received.Count + 1)).Single(m => SurveyMail.ToAddressOf(m) == $"{code}@example.org");
            var screenshot = Path.Combine(results.FullName, $"rating-page-{code}.png");

            var seen = await Browse("screenshot", $"{Host.Http.BaseAddress}{SurveyMail.LinkFor(mail, "excellent").TrimStart('/')}", screenshot);

            var language = CsatFunctions.Languages.Languages.Builtin.For(code);
            Assert.Equal($"{language.Text("form.titleChosen", ("choice", language.Text("choice.excellent")))} · Example Hosting", seen["title"]!.GetValue<string>());
            Assert.Equal(code, seen["lang"]!.GetValue<string>());
            Assert.Empty(seen["errors"]!.AsArray());
            Assert.True(new FileInfo(screenshot).Length > 10_000, $"the {code} screenshot is too small to show the page");
        }
    }

    [Fact]
    public async Task The_bottom_answers_form_with_its_reasons_reads_on_a_phone_under_the_strict_policy()
    {
        SkipWithoutChromium();
        var results = Directory.CreateDirectory(Path.Combine(AzuriteProcess.RepositoryRoot(), "TestResults"));

        // English, and German for its long words.
        foreach (var code in new[] { "en", "de" })
        {
            var ticket = System.Text.Json.Nodes.JsonNode.Parse(PipelineHost.Ticket($"REASONS-{code}", $"reasons-{code}@example.org", "Kim Meyer", "VPN down"))!;
            ticket["locale"] = code;
            var mail = await Host.SurveyEmailForAsync(SendGrid, ticket.ToJsonString());
            var link = $"{Host.Http.BaseAddress}{SurveyMail.LinkFor(mail, "unsatisfactory").TrimStart('/')}";
            Assert.Contains("name=\"reason\"", await Host.Http.GetStringAsync(link));

            var seen = await Browse("layout", link, Path.Combine(results.FullName, $"rating-page-reasons-{code}.png"), "390");

            Assert.Empty(seen["errors"]!.AsArray());
            var layout = Assert.Single(seen["layouts"]!.AsArray())!;
            Assert.True(layout["scrollWidth"]!.GetValue<int>() <= layout["clientWidth"]!.GetValue<int>(), $"at 390 px the {code} form scrolls sideways: {layout["scrollWidth"]} px wide");
            Assert.True(layout["outside"]!.AsArray().Count == 0, $"at 390 px these stick out: {string.Join("; ", layout["outside"]!.AsArray())}");
            Assert.True(new FileInfo(layout["screenshot"]!.GetValue<string>()).Length > 20_000, $"the {code} screenshot is too small to show the form");
        }
    }

    [Fact]
    public async Task The_verify_page_checks_the_published_log_and_a_real_receipt_from_the_api_in_the_browser()
    {
        SkipWithoutChromium();
        await ScoreSeed.SeedAsync(Host, SendGrid);
        var files = new Dictionary<string, (byte[] Body, string Type, string? Encoding)>(StringComparer.Ordinal);
        var container = Host.Services.GetRequiredService<CsatStorage>().ContainerNamed(published);
        await foreach (var blob in container.GetBlobsAsync())
        {
            var content = (await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value;
            files[blob.Name] = (content.Content.ToArray(), content.Details.ContentType, content.Details.ContentEncoding);
        }

        // The receipts route is the API's, on its own origin: log.json names the test host's instead of the public base URL.
        var description = System.Text.Encoding.UTF8.GetString(files["log.json"].Body).Replace(PipelineHost.PublicBaseUrl + "/", Host.Http.BaseAddress!.AbsoluteUri, StringComparison.Ordinal);
        files["log.json"] = (System.Text.Encoding.UTF8.GetBytes(description), files["log.json"].Type, null);
        var bundle = files.Single(f => f.Key.StartsWith("tile/entries/", StringComparison.Ordinal)).Value.Body;
        var answered = CsatFunctions.Ledger.Log.Tiles.Unbundle(CsatFunctions.Tests.Infrastructure.GzipBytes.Unpack(bundle))!.Select(leaf => CsatFunctions.Ledger.Log.LogLeaf.Parse(leaf)!).Last(leaf => leaf.Kind == "answered");
        await using var app = await LocalSite.StartAsync(site => site.MapGet("/{**path}", (string path, HttpResponse response) =>
        {
            if (!files.TryGetValue(path, out var file))
            {
                return Results.NotFound();
            }

            if (file.Encoding is { } encoding)
            {
                response.Headers.ContentEncoding = encoding;
            }

            return Results.Bytes(file.Body, file.Type);
        }));

        var audit = await Browse("verify", app.Urls.First() + "/verify.html");
        var receipt = await Browse("verify", app.Urls.First() + $"/verify.html?receipt={answered.Id}");

        Assert.True(audit["done"]!.GetValue<string>() == "holds", audit.ToJsonString());
        Assert.StartsWith("The log holds:", audit["summary"]!.GetValue<string>());
        Assert.Equal(5, audit["rows"]!.AsArray().Count);
        Assert.All(audit["rows"]!.AsArray(), row => Assert.Equal("match", row!["verdict"]!.GetValue<string>()));
        Assert.Empty(audit["errors"]!.AsArray());
        Assert.True(receipt["done"]!.GetValue<string>() == "holds", receipt.ToJsonString());
        Assert.Equal("proven", receipt["receiptData"]!["receipt"]!.GetValue<string>());
        Assert.Equal(answered.Bucket, receipt["receiptData"]!["bucket"]!.GetValue<string>());
        Assert.EndsWith("allTime", receipt["receiptData"]!["windows"]!.GetValue<string>());
        Assert.Equal("0", receipt["data"]!["tiles"]!.GetValue<string>());
        Assert.Empty(receipt["errors"]!.AsArray());
    }

    /// <summary>CI installs Chromium and must run these; a developer without it is told how to get it.</summary>
    [Fact]
    public async Task The_desk_signs_in_filters_the_feed_moves_a_follow_up_along_tags_an_answer_and_downloads_the_csv()
    {
        SkipWithoutChromium();
        await ScoreSeed.SeedAsync(Host, SendGrid);
        var results = Directory.CreateDirectory(Path.Combine(AzuriteProcess.RepositoryRoot(), "TestResults"));
        var screenshot = Path.Combine(results.FullName, "desk.png");

        var seen = await Browse("desk", $"{Host.Http.BaseAddress}api/admin/desk", screenshot, PipelineHost.AdminKey);

        Assert.Equal("The desk · Example Hosting", seen["title"]!.GetValue<string>());
        Assert.Equal(["unsatisfactory"], seen["ratings"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("contacted", seen["status"]!.GetValue<string>());
        Assert.Equal(["Billing"], seen["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.EndsWith(",tags,agentIsCustomer", seen["csvHeader"]!.GetValue<string>());
        Assert.StartsWith("\uFEFFsurveyId,ticketId,", seen["csvHeader"]!.GetValue<string>());
        // Back from the follow-up's form the desk shows the default period unfiltered: its four answers.
        Assert.Equal(4, seen["csvRows"]!.GetValue<int>());
        Assert.Empty(seen["errors"]!.AsArray());
        var followUps = await Host.AdminAsync(HttpMethod.Get, "/api/admin/followups?status=contacted");
        Assert.Equal("Dana", Assert.Single(followUps["items"]!.AsArray())!["owner"]!.GetValue<string>());
        Assert.Single((await Host.AdminAsync(HttpMethod.Get, "/api/admin/ratings?tag=billing"))["items"]!.AsArray());
        Assert.True(new FileInfo(screenshot).Length > 20_000, "the desk's screenshot is too small to show it");
    }

    internal static void SkipWithoutChromium() =>
        Assert.SkipWhen(
            !File.Exists(Chromium) && Environment.GetEnvironmentVariable("CI") is null,
            $"Chromium is not installed at {Chromium} (apt-get install chromium); CI installs it and runs these tests.");

    internal static async Task<JsonNode> Browse(params string[] args) =>
        JsonNode.Parse(await ToolProcess.RunAsync("node", [Path.Combine(AzuriteProcess.RepositoryRoot(), "tests", "CsatFunctions.Tests", "Browser", "browse.mjs"), .. args]))!;

    /// <summary>A company's own website on another origin, embedding the widget.</summary>
    private sealed class CompanySite(WebApplication app) : IAsyncDisposable
    {
        public string Url => app.Urls.First() + "/";

        /// <param name="score">The score document to serve beside the widget; null serves a 503, as a host whose score route is down.</param>
        /// <param name="widget">The widget script to serve; by default the one the API serves.</param>
        public static async Task<CompanySite> StartAsync(string html, string? serveWidgetAt = null, string? score = null, string? widget = null) =>
            new(await LocalSite.StartAsync(app =>
            {
                app.MapGet("/", () => Results.Content(html, "text/html"));
                if (serveWidgetAt is not null)
                {
                    // Beside the widget, the score as the API route (…/score) and as the published file (score.json) both sit.
                    app.MapGet(serveWidgetAt, () => Results.Text(widget ?? CsatFunctions.Scores.ScoreWidgetEndpoint.Script, "text/javascript"));
                    app.MapGet(serveWidgetAt.Replace("/widget.js", "", StringComparison.Ordinal), () => score is null ? Results.StatusCode(503) : Results.Text(score, "application/json"));
                    app.MapGet(serveWidgetAt.Replace("widget.js", "score.json", StringComparison.Ordinal), () => score is null ? Results.StatusCode(503) : Results.Text(score, "application/json"));
                }
            }));

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }
}
