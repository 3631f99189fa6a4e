using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsatFunctions.Clients;
using CsatFunctions.Digests;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Digests;

/// <summary>
/// The weekly team digest and the monthly client digests: two hosts on one storage account and one
/// clock moved day by day over three weeks and a month end, in New York time; each digest once, at
/// 08:00 local, never at 08:00 UTC, across a host's restart and a SendGrid outage.
/// </summary>
public sealed partial class DigestTests(AzuriteFixture azurite)
{
    private const string Zone = "America/New_York";
    private const string Team = "team@example-msp.test";
    private const string Lead = "lead@example-msp.test";
    private const string AcmeManager = "am-acme@example-msp.test";
    private const string GlobexManager = "am-globex@example-msp.test";
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById(Zone);

    [Fact]
    public async Task Each_weekly_and_monthly_digest_goes_out_once_at_the_local_hour_across_hosts_and_a_restart()
    {
        var clock = new MidMonthClock();
        var settings = DigestSettings(AzuriteFixture.UniquePrefix());
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var first = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, settings, clock: clock);
        var second = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, settings, clock: clock);
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await ImportAsync(first, $"company,accountManagerEmail\nAcme,{AcmeManager}\nGlobex,{GlobexManager}\n", "text/csv")).StatusCode);
            var happy = await first.SurveyEmailForAsync(sendGrid, PipelineHost.Ticket("T-1", "eve.adams@example.org", "Eve Adams", agent: "Quinn", company: "Acme"));
            var unhappy = await first.SurveyEmailForAsync(sendGrid, PipelineHost.Ticket("T-2", "bob.stone@example.org", "Bob Stone", agent: "Quinn", company: "Acme"));
            await first.AnswerAsync(happy, "excellent", "Quick and kind");
            await second.AnswerAsync(unhappy, "unsatisfactory", "Took a week");
            await first.RefreshScoreAsync();
            var firstTick = clock.GetUtcNow();
            await Task.WhenAll(Run(first), Run(second));
            Assert.Empty(Digests(sendGrid));

            var startDay = LocalDay(clock.GetUtcNow());
            var (weeklies, monthlies) = (0, 0);
            for (var day = startDay; day <= startDay.AddDays(24); day = day.AddDays(1))
            {
                // 08:00 UTC is still night in New York, and 07:59 is a minute early: nothing goes out.
                foreach (var early in new[] { new DateTimeOffset(day.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero), At(day, 7, 59) }.Where(early => early > clock.GetUtcNow()))
                {
                    MoveTo(clock, early);
                    await Task.WhenAll(Run(first), Run(second));
                }

                Assert.Equal(weeklies + monthlies, Digests(sendGrid).Count);

                // From 08:00 both hosts run the digests at once, twice each.
                MoveTo(clock, At(day, 8, 0).AddSeconds(30));
                await Task.WhenAll(Run(first), Run(second), Run(first), Run(second));
                // A deployment does not send the past: when the clock starts on a Monday at or after its hour (noon UTC is
                // 08:00 in New York in summer), the week before was already due at the first tick and has no digest.
                var newlyDue = At(day, 8, 0) > firstTick;
                weeklies += day.DayOfWeek == DayOfWeek.Monday && newlyDue ? 1 : 0;
                monthlies += day.Day == 1 && newlyDue ? 2 : 0;
                Assert.Equal(weeklies, Digests(sendGrid, DigestEmail.TeamKind).Count);
                Assert.Equal(monthlies, Digests(sendGrid, DigestEmail.ClientKind).Count);

                if (weeklies == 1 && day.DayOfWeek == DayOfWeek.Monday)
                {
                    // A host restarts and ticks the same hour again: nothing more.
                    await second.DisposeAsync();
                    second = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, settings, clock: clock);
                    await second.Services.GetRequiredService<ScheduledTick>().RunAsync(CancellationToken.None);
                    Assert.Single(Digests(sendGrid));
                }
            }

            Assert.Equal(weeklies, Digests(sendGrid, DigestEmail.TeamKind).Count);
            Assert.InRange(Digests(sendGrid, DigestEmail.TeamKind).Count, 3, 4);
            Assert.Equal(2, monthlies);
            var weekly = Assert.Single(Digests(sendGrid, DigestEmail.TeamKind), mail => mail.Body.Contains("Took a week", StringComparison.Ordinal));
            Assert.Equal([Team, Lead], weekly.Json["personalizations"]![0]!["to"]!.AsArray().Select(to => to!["email"]!.GetValue<string>()));
            var text = SurveyMail.Text(weekly, "text/plain");
            Assert.Contains("Satisfaction | This period: 50.0% | Period before: – | Change: –", text);
            Assert.Contains("- “Took a week”\n  Unsatisfactory · T-2 · Quinn · Acme · Bob\n", text);
            Assert.Contains("- “Quick and kind”\n  Excellent · T-1 · Quinn · Acme · Eve\n", text);
            Assert.Contains("- T-2 · Quinn · Acme\n  open for ", text);
            Assert.Contains("Quinn | Answers: 2 | Satisfaction: 50.0%", text);
            Assert.DoesNotContain("example.org", weekly.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("Stone", weekly.Body, StringComparison.Ordinal);
            Assert.Equal(Distinct(Digests(sendGrid, DigestEmail.TeamKind).Select(mail => mail.Json["subject"]!.GetValue<string>())), weeklies);

            var acme = Assert.Single(Digests(sendGrid, DigestEmail.ClientKind), mail => SurveyMail.ToAddressOf(mail) == AcmeManager);
            Assert.Single(Digests(sendGrid, DigestEmail.ClientKind), mail => SurveyMail.ToAddressOf(mail) == GlobexManager);
            var acmeText = SurveyMail.Text(acme, "text/plain");
            Assert.Contains("Answers | This period: 2 | Period before: 0 | Change: +2", acmeText);
            Assert.Contains("Excellent | 1\nSatisfactory | 0\nUnsatisfactory | 1\nComments at the bottom of the scale | 1\nOpen follow-ups | 1\n", acmeText);
            var token = Uri.UnescapeDataString(ReportLink().Match(acmeText).Groups[1].Value);
            var check = await first.Services.GetRequiredService<ShareLinks>().CheckAsync(token, CancellationToken.None);
            Assert.Equal(ShareLinkStatus.Valid, check.Status);
            Assert.Equal(("Acme", new DateOnly(startDay.Year, startDay.Month, 1)), (check.Link!.Company, check.Link.From));
            Assert.Contains($"It works until {Day(LocalDay(check.Link.ExpiresAt))}.", acmeText);
            Assert.Single(await first.Services.GetRequiredService<ShareLinks>().ListAsync("Acme", CancellationToken.None));
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_week_missed_while_SendGrid_was_down_goes_out_once_the_next_day()
    {
        var clock = new MidMonthClock();
        var settings = DigestSettings(AzuriteFixture.UniquePrefix());
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var first = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, settings, clock: clock);
        await using var second = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, settings, clock: clock);
        await Task.WhenAll(Run(first), Run(second));
        var monday = LocalDay(clock.GetUtcNow());
        while (monday.DayOfWeek != DayOfWeek.Monday || At(monday, 8, 0) <= clock.GetUtcNow())
        {
            monday = monday.AddDays(1);
        }

        sendGrid.Respond = () => (503, "");
        MoveTo(clock, At(monday, 8, 0));
        await Task.WhenAll(Run(first), Run(second));
        MoveTo(clock, At(monday, 23, 59));
        await Task.WhenAll(Run(first), Run(second));
        Assert.NotEmpty(Digests(sendGrid, DigestEmail.TeamKind));

        sendGrid.Respond = () => (202, "");
        var refused = sendGrid.Received.Count;
        MoveTo(clock, At(monday.AddDays(1), 0, 30));
        await Task.WhenAll(Run(first), Run(second), Run(first));
        var sent = Assert.Single(Digests(sendGrid, DigestEmail.TeamKind).Skip(Digests(sendGrid, DigestEmail.TeamKind).Count(mail => sendGrid.Received.Take(refused).Contains(mail))));
        Assert.StartsWith($"Customer satisfaction from {Day(monday.AddDays(-7))} to {Day(monday.AddDays(-1))}", sent.Json["subject"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_account_manager_import_names_each_refused_line_keeps_their_companies_and_replaces_the_rest()
    {
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var host = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, DigestSettings(AzuriteFixture.UniquePrefix()));
        var csv = "company,accountManagerEmail\r\nAcme,am-acme@example-msp.test\r\nGlobex,not-an-address\r\n,someone@example-msp.test\r\n\"Initech, \"\"The\"\" Ltd\",am-initech@example-msp.test\r\nAcme,other@example-msp.test\r\nHooli,am-hooli@example-msp.test,extra\r\n";
        using var imported = await ImportAsync(host, csv, "text/csv");
        var answer = JsonNode.Parse(await imported.Content.ReadAsStringAsync())!;
        Assert.Equal(2, answer["imported"]!.GetValue<int>());
        Assert.Equal(
            ["3: bad accountManagerEmail: not a single address such as ann@example.com", "4: no company", "6: duplicate of line 2", "7: 3 fields where the header has 2 (an unquoted comma?)"],
            answer["rejected"]!.AsArray().Select(line => $"{line!["line"]}: {line["reason"]}"));
        var listed = await host.AdminAsync(HttpMethod.Get, "/api/admin/account-managers");
        Assert.Equal(["Acme=am-acme@example-msp.test", "Initech, \"The\" Ltd=am-initech@example-msp.test"], listed.AsArray().Select(row => $"{row!["company"]}={row["accountManagerEmail"]}"));

        // A JSON import replaces the whole mapping.
        using var replaced = await ImportAsync(host, """[{"company": "Globex", "accountManagerEmail": "am-globex@example-msp.test"}]""", "application/json");
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(["Globex"], (await host.AdminAsync(HttpMethod.Get, "/api/admin/account-managers")).AsArray().Select(row => row!["company"]!.GetValue<string>()));

        // A refused line keeps that company's account manager; a file where every line is refused changes nothing.
        using var typo = await ImportAsync(host, "company,accountManagerEmail\nGlobex,am-globex@example-msp\nHooli,am-hooli@example-msp.test\n", "text/csv");
        Assert.Equal(HttpStatusCode.OK, typo.StatusCode);
        Assert.Equal(["Globex=am-globex@example-msp.test", "Hooli=am-hooli@example-msp.test"], (await host.AdminAsync(HttpMethod.Get, "/api/admin/account-managers")).AsArray().Select(row => $"{row!["company"]}={row["accountManagerEmail"]}"));
        using var allRefused = await ImportAsync(host, "company,accountManagerEmail\nGlobex,nobody\n,am-hooli@example-msp.test\n", "text/csv");
        Assert.Equal((HttpStatusCode.BadRequest, "application/problem+json"), (allRefused.StatusCode, allRefused.Content.Headers.ContentType?.MediaType));
        var problem = JsonNode.Parse(await allRefused.Content.ReadAsStringAsync())!;
        Assert.Equal(["line 2", "line 3"], problem["errors"]!.AsObject().Select(error => error.Key));
        Assert.Equal(2, (await host.AdminAsync(HttpMethod.Get, "/api/admin/account-managers")).AsArray().Count);
        using var backToOne = await ImportAsync(host, """[{"company": "Globex", "accountManagerEmail": "am-globex@example-msp.test"}]""", "application/json");

        using var noHeader = await ImportAsync(host, "Acme,am-acme@example-msp.test\n", "text/csv");
        Assert.Equal(HttpStatusCode.BadRequest, noHeader.StatusCode);
        using var anonymous = await host.Http.PutAsync("/api/admin/account-managers", new StringContent("company,accountManagerEmail\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Single((await host.AdminAsync(HttpMethod.Get, "/api/admin/account-managers")).AsArray());
    }

    internal static Action<Dictionary<string, string?>> DigestSettings(string prefix) => settings =>
    {
        settings["Csat:StoragePrefix"] = prefix;
        settings["Csat:TimeZone"] = Zone;
        settings["Csat:Digests:Weekly:To"] = $"{Team}, {Lead}";
        settings["Csat:Digests:Hour"] = "8";
    };

    internal static async Task<HttpResponseMessage> ImportAsync(PipelineHost host, string body, string type)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/admin/account-managers") { Content = new StringContent(body, Encoding.UTF8, type) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PipelineHost.AdminKey);
        return await host.Http.SendAsync(request);
    }

    internal static Task<int> Run(PipelineHost host) => host.Services.GetRequiredService<DigestRun>().RunAsync(CancellationToken.None);

    internal static List<ReceivedMail> Digests(SendGridStub sendGrid, string? kind = null) =>
        [.. sendGrid.Received.Where(mail => mail.Json["personalizations"]![0]!["custom_args"]?["kind"]?.GetValue<string>() is { } found && (kind is null ? found.EndsWith("-digest", StringComparison.Ordinal) && found != "agent-digest" : found == kind))];

    private static DateOnly LocalDay(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, NewYork).DateTime);

    /// <summary>A local time in New York as the instant it is.</summary>
    internal static DateTimeOffset At(DateOnly day, int hour, int minute) =>
        new(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(hour, minute)), NewYork), TimeSpan.Zero);

    internal static void MoveTo(MidMonthClock clock, DateTimeOffset at) => clock.Advance(at - clock.GetUtcNow());

    private static string Day(DateOnly day) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{day:MMMM} {day.Day}, {day.Year}");

    private static int Distinct(IEnumerable<string> subjects) => subjects.Distinct().Count();

    [GeneratedRegex(@"https://csat\.example\.test/api/reports/(\S+)")]
    private static partial Regex ReportLink();
}
