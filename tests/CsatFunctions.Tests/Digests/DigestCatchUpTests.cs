using CsatFunctions.Digests;
using CsatFunctions.Tests.Infrastructure;
using CsatFunctions.Tests.SelfHost;
using static CsatFunctions.Tests.Digests.DigestTests;

namespace CsatFunctions.Tests.Digests;

/// <summary>No burst of stale digests: none for the weeks the weekly digest was off, and only the latest period after a long outage.</summary>
public sealed class DigestCatchUpTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Switching_the_weekly_digest_on_sends_no_backlog_and_a_long_outage_sends_only_the_latest_periods()
    {
        var clock = new MidMonthClock();
        var prefix = AzuriteFixture.UniquePrefix();
        var logs = new SecretExposureTests.LogCapture();
        await using var sendGrid = await SendGridStub.StartAsync();
        var off = DigestSettings(prefix) + (settings => settings["Csat:Digests:Weekly:To"] = null);
        await using (var withoutWeekly = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, off, clock: clock))
        {
            using var imported = await ImportAsync(withoutWeekly, "company,accountManagerEmail\nAcme,am-acme@example-msp.test\n", "text/csv");
            await Run(withoutWeekly);
            var monday = NextMonday(clock);
            MoveTo(clock, At(monday, 8, 30));
            await Run(withoutWeekly);
            MoveTo(clock, At(monday.AddDays(1), 9, 0));
        }

        await using var host = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, DigestSettings(prefix), logging: logs, clock: clock);
        await Run(host);
        Assert.Empty(DigestTests.Digests(sendGrid, DigestEmail.TeamKind));

        // Every host down for nine weeks, over two month ends: one weekly (the last week) and one monthly, not eleven.
        var later = NextMonday(clock).AddDays(63);
        MoveTo(clock, At(later, 10, 0));
        await Run(host);
        await Run(host);
        var weekly = Assert.Single(DigestTests.Digests(sendGrid, DigestEmail.TeamKind));
        Assert.StartsWith($"Customer satisfaction from {Day(later.AddDays(-7))} to {Day(later.AddDays(-1))}", weekly.Json["subject"]!.GetValue<string>());
        Assert.Single(DigestTests.Digests(sendGrid, DigestEmail.ClientKind));
        Assert.Contains("Information CsatFunctions.Digests.TeamDigests: The weekly digest of", logs.Text);
        Assert.Contains("Information CsatFunctions.Digests.ClientDigests: The monthly client digests of", logs.Text);
    }

    private static DateOnly NextMonday(MidMonthClock clock)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).DateTime).AddDays(1);
        while (day.DayOfWeek != DayOfWeek.Monday)
        {
            day = day.AddDays(1);
        }

        return day;
    }

    private static string Day(DateOnly day) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{day:MMMM} {day.Day}, {day.Year}");
}
