using System.Text.Json.Nodes;
using CsatFunctions.Digests;
using CsatFunctions.Tests.Browser;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Tests.Digests;

/// <summary>The weekly and monthly digests as a phone (390 px wide) shows them, in real Chromium, with screenshots kept in TestResults.</summary>
public sealed class DigestBrowserTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_digests_read_on_a_phone_without_scrolling_sideways()
    {
        BrowserTests.SkipWithoutChromium();
        var clock = new MidMonthClock();
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var host = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, DigestTests.DigestSettings(AzuriteFixture.UniquePrefix()), clock: clock);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await DigestTests.ImportAsync(host, "company,accountManagerEmail\nAcme Hosting Services International,am@example-msp.test\n", "text/csv")).StatusCode);
        var mail = await host.SurveyEmailForAsync(sendGrid, PipelineHost.Ticket("T-100", "eve.adams@example.org", "Eve Adams", agent: "Quinn Marlowe-Fitzgerald", company: "Acme Hosting Services International"));
        await host.AnswerAsync(mail, "unsatisfactory", "The VPN kept dropping every afternoon and nobody called back: " + new string('x', 80));
        await host.RefreshScoreAsync();
        await DigestTests.Run(host);

        // Past the next month's 1st at 08:00 in New York: every weekly digest since, and the month's client digest.
        var local = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        var nextMonth = new DateOnly(local.Year, local.Month, 1).AddMonths(1);
        DigestTests.MoveTo(clock, DigestTests.At(nextMonth.AddDays(1), 9, 0));
        await DigestTests.Run(host);

        var results = Directory.CreateDirectory(Path.Combine(AzuriteProcess.RepositoryRoot(), "TestResults"));
        foreach (var (kind, name) in new[] { (DigestEmail.TeamKind, "weekly"), (DigestEmail.ClientKind, "monthly") })
        {
            var html = SurveyMail.Text(DigestTests.Digests(sendGrid, kind).First(), "text/html");
            await using var site = await LocalSite.StartAsync(app => app.MapGet("/", () => Results.Content(html, "text/html; charset=utf-8")));
            var screenshot = Path.Combine(results.FullName, $"digest-{name}-390.png");

            var seen = await BrowserTests.Browse("email", site.Urls.First() + "/", screenshot, "390");

            Assert.Equal(390, seen["scrollWidth"]!.GetValue<int>());
            Assert.Empty(seen["outside"]!.AsArray());
            Assert.Empty(seen["errors"]!.AsArray());
            Assert.True(new FileInfo(screenshot).Length > 10_000, $"the {name} screenshot is too small to show the email");
            Assert.Equal(
                kind == DigestEmail.TeamKind
                    ? ["Figures", "Open follow-ups", "Comments at the bottom of the scale", "Best comments", "By agent"]
                    : ["Figures", "Answers by rating", "The full report"],
                seen["headings"]!.AsArray().Skip(1).Select(heading => heading!.GetValue<string>()));
            if (kind == DigestEmail.ClientKind)
            {
                Assert.StartsWith($"{PipelineHost.PublicBaseUrl}/api/reports/", Assert.Single(seen["links"]!.AsArray())!.GetValue<string>());
            }
        }
    }
}
