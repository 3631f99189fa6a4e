using CsatFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Tests.Browser;

/// <summary>The review policy page in Debian's Chromium: on a phone and a desktop, in English and German, and the widget's link to it.</summary>
public sealed class ReviewPolicyBrowserTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    protected override TimeProvider Clock { get; } = new MidMonthClock();

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Csat:MinimumRatedToShow"] = "4";
        settings["Csat:RetentionDays"] = "365";
        settings["Csat:SurveyCooldownDays"] = "30";
        settings["Csat:InternalDomains"] = "staff.example";
        settings["Csat:ReviewInviteUrl"] = "https://reviews.example/example-hosting";
    }

    [Fact]
    public async Task The_policy_page_reads_on_a_phone_and_a_desktop_without_scrolling_sideways_in_english_and_german()
    {
        BrowserTests.SkipWithoutChromium();
        await ScoreSeed.SeedAsync(Host, SendGrid, new Dictionary<string, string> { ["S-1"] = "Fixed my DNS in minutes.", ["S-4"] = "Nobody called me back." });
        var results = Directory.CreateDirectory(Path.Combine(AzuriteProcess.RepositoryRoot(), "TestResults"));
        // German for its long words, from a host whose public pages are in German.
        await using var german = await PipelineHost.StartAsync(Azurite.ConnectionString, SendGrid, settings =>
        {
            settings["Csat:DefaultLocale"] = "de";
            settings["Csat:SendDelay"] = "PT24H";
            settings["Csat:RetentionDays"] = "365";
            settings["Csat:InternalDomains"] = "staff.example";
        });

        foreach (var (code, host) in new[] { ("en", Host), ("de", german) })
        {
            // By name: Chromium's own Accept-Language would otherwise choose the page's language.
            var seen = await BrowserTests.Browse("layout", $"{host.Http.BaseAddress}api/score/policy?lang={code}", Path.Combine(results.FullName, $"review-policy-{code}.png"), "390,1300");

            Assert.Empty(seen["errors"]!.AsArray());
            Assert.Equal($"{CsatFunctions.Languages.Languages.Builtin.For(code).Text("policy.title")} · Example Hosting", seen["title"]!.GetValue<string>());
            foreach (var layout in seen["layouts"]!.AsArray())
            {
                var width = layout!["width"]!.GetValue<int>();
                Assert.True(layout["scrollWidth"]!.GetValue<int>() <= layout["clientWidth"]!.GetValue<int>(), $"{code} at {width} px: the policy scrolls sideways, {layout["scrollWidth"]} px wide");
                Assert.True(layout["outside"]!.AsArray().Count == 0, $"{code} at {width} px these stick out: {string.Join("; ", layout["outside"]!.AsArray())}");
                Assert.True(new FileInfo(layout["screenshot"]!.GetValue<string>()).Length > 20_000, $"the {code} {width} px screenshot is too small to show the page");
            }
        }
    }

    [Fact]
    public async Task The_widget_links_to_the_review_policy()
    {
        BrowserTests.SkipWithoutChromium();
        await ScoreSeed.SeedAsync(Host, SendGrid);
        await using var site = await LocalSite.StartAsync(app => app.MapGet("/", () => Results.Content(
            $"""<!DOCTYPE html><html><body><div data-csat-score></div><script src="{Host.Http.BaseAddress}api/score/widget.js" async></script></body></html>""", "text/html")));

        var seen = await BrowserTests.Browse("widget", site.Urls.First() + "/");

        var links = seen["widgets"]![0]!["links"]!.AsArray();
        Assert.Contains(links, link => link!["href"]!.GetValue<string>() == $"{Host.Http.BaseAddress}api/score/policy" && link["text"]!.GetValue<string>() == "Review policy");
    }
}
