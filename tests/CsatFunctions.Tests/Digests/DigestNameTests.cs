using CsatFunctions.Digests;
using CsatFunctions.Tests.Infrastructure;
using static CsatFunctions.Tests.Digests.DigestTests;

namespace CsatFunctions.Tests.Digests;

/// <summary>The weekly digest names a customer by first name at most, and not at all when the helpdesk sent an address as the name.</summary>
public sealed class DigestNameTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_customer_name_that_is_an_address_is_left_out_of_the_weekly_digest()
    {
        var clock = new MidMonthClock();
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var host = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, DigestSettings(AzuriteFixture.UniquePrefix()), clock: clock);
        var survey = await host.SurveyEmailForAsync(sendGrid, PipelineHost.Ticket("T-9", "carol.white@example.org", "carol.white@example.org", agent: "Quinn", company: "Acme"));
        await host.AnswerAsync(survey, "unsatisfactory", "Slow reply");
        await host.RefreshScoreAsync();
        await Run(host);

        var monday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).DateTime).AddDays(1);
        while (monday.DayOfWeek != DayOfWeek.Monday)
        {
            monday = monday.AddDays(1);
        }

        MoveTo(clock, At(monday, 8, 30));
        await Run(host);
        var weekly = Assert.Single(DigestTests.Digests(sendGrid, DigestEmail.TeamKind));
        Assert.Contains("- “Slow reply”\n  Unsatisfactory · T-9 · Quinn · Acme\n", SurveyMail.Text(weekly, "text/plain"));
        Assert.DoesNotContain("carol", weekly.Body, StringComparison.OrdinalIgnoreCase);
    }
}
