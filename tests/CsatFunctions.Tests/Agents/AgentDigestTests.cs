using System.Net;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Agents;

/// <summary>A daily agent's digest: at the configured local hour, the previous day's answers, once, from any number of hosts.</summary>
public sealed class AgentDigestTests(AzuriteFixture azurite)
{
    private const string Quinn = "quinn@example-hosting.test";

    /// <summary>Tokyo keeps no summer time: the test's noon UTC is 21:00 there, whatever the date.</summary>
    private const string Zone = "Asia/Tokyo";

    [Fact]
    public async Task The_digest_of_a_day_goes_out_once_at_the_local_hour_across_ticks_hosts_and_restarts()
    {
        var clock = new MidMonthClock();
        var quinnDaily = QuinnDailyAtEight(AzuriteFixture.UniquePrefix());

        await using var sendGrid = await SendGridStub.StartAsync();
        await using var first = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, quinnDaily, clock: clock);
        await using var second = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, quinnDaily, clock: clock);
        var happy = await SurveyFor(first, sendGrid, PipelineHost.Ticket("T-1", "eve.adams@example.org", "Eve Adams", agent: "Quinn Daily"));
        var unhappy = await SurveyFor(first, sendGrid, PipelineHost.Ticket("T-2", "bob@example.org", "Bob", agent: "quinn daily", company: "Acme"));
        await Rate(first, happy, "excellent", "Quick and kind");
        await Rate(second, unhappy, "unsatisfactory", "Took a week");

        // 21:00 in Tokyo: the digest of yesterday, which had no answers, sends nothing.
        await Tick(first);
        var local = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(Zone));
        var sevenNextMorning = new DateTimeOffset(local.Date.AddDays(1).AddHours(7), local.Offset);
        clock.Advance(sevenNextMorning - local);

        // 07:00 the next morning: not yet.
        await Tick(first);
        Assert.DoesNotContain(sendGrid.Received, mail => SurveyMail.ToAddressOf(mail) == Quinn);

        // 08:00: both hosts run the digests at once, twice each, then tick again, then a host that just started ticks.
        clock.Advance(TimeSpan.FromHours(1));
        await Task.WhenAll(Digests(first), Digests(second), Digests(first), Digests(second));
        await Task.WhenAll(Tick(first), Tick(second));
        await using (var restarted = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, quinnDaily, clock: clock))
        {
            await Tick(restarted);
        }

        var digest = Assert.Single(sendGrid.Received, mail => SurveyMail.ToAddressOf(mail) == Quinn);
        var text = SurveyMail.Text(digest, "text/plain");
        Assert.StartsWith(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"What your customers said on {local:MMMM} {local.Day}, {local.Year}:"), text);
        Assert.Contains("Rating: Excellent\nComment: Quick and kind\nTicket: T-1\nCustomer: Eve\n", text);
        Assert.Contains("Rating: Unsatisfactory\nComment: Took a week\nTicket: T-2\nCompany: Acme\nCustomer: Bob\n", text);
        Assert.True(text.IndexOf("T-1", StringComparison.Ordinal) < text.IndexOf("T-2", StringComparison.Ordinal), "oldest answer first");
        Assert.Equal("agent-digest", digest.Json["personalizations"]![0]!["custom_args"]!["kind"]!.GetValue<string>());
        Assert.DoesNotContain("example.org", digest.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Adams", digest.Body, StringComparison.Ordinal);

        // The next day had no answers: its digest, due the morning after, sends nothing.
        clock.Advance(TimeSpan.FromDays(1));
        await Tick(first);
        Assert.Single(sendGrid.Received, mail => SurveyMail.ToAddressOf(mail) == Quinn);
    }

    [Fact]
    public async Task A_day_missed_while_SendGrid_was_down_goes_out_once_the_next_day_and_a_late_answer_follows_once()
    {
        var clock = new MidMonthClock();
        var quinnDaily = QuinnDailyAtEight(AzuriteFixture.UniquePrefix());

        await using var sendGrid = await SendGridStub.StartAsync();
        await using var first = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, quinnDaily, clock: clock);
        await using var second = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, quinnDaily, clock: clock);
        var monday = await SurveyFor(first, sendGrid, PipelineHost.Ticket("T-1", "eve.adams@example.org", "Eve Adams", agent: "Quinn Daily"));
        var tuesday = await SurveyFor(first, sendGrid, PipelineHost.Ticket("T-2", "bob@example.org", "Bob", agent: "Quinn Daily"));
        await Rate(first, monday, "excellent", "Quick and kind");
        var local = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(Zone));
        clock.Advance(new DateTimeOffset(local.Date.AddDays(1).AddHours(8), local.Offset) - local);

        // SendGrid refuses from 08:00 until the day is over; an answer comes in meanwhile.
        sendGrid.Respond = () => (503, "");
        await Rate(second, tuesday, "unsatisfactory", "Took a week");
        await Task.WhenAll(Digests(first), Digests(second));
        clock.Advance(TimeSpan.FromHours(15.9));
        await Task.WhenAll(Digests(first), Digests(second));
        Assert.Contains(sendGrid.Received, mail => SurveyMail.ToAddressOf(mail) == Quinn);

        // The next morning SendGrid is back: both days go out, once each, oldest first, however many ticks.
        clock.Advance(TimeSpan.FromHours(8.1));
        sendGrid.Respond = () => (202, "");
        var refused = sendGrid.Received.Count;
        await Task.WhenAll(Digests(first), Digests(second), Digests(first));
        await Task.WhenAll(Tick(first), Tick(second));
        var digests = sendGrid.Received.Skip(refused).Where(mail => SurveyMail.ToAddressOf(mail) == Quinn).Select(mail => SurveyMail.Text(mail, "text/plain")).ToList();
        Assert.Equal(2, digests.Count);
        Assert.StartsWith(On(local), digests[0]);
        Assert.Contains("Ticket: T-1\n", digests[0]);
        Assert.DoesNotContain("T-2", digests[0]);
        Assert.StartsWith(On(local.AddDays(1)), digests[1]);
        Assert.Contains("Ticket: T-2\n", digests[1]);

        // The first day's answer noted again after its digest went out (as a repaired hook does): one late digest, once.
        var survey = (await first.Services.GetRequiredService<CsatFunctions.Surveys.SurveyTable>().GetAsync(SurveyMail.SurveyIdOf(monday), CancellationToken.None))!.Survey;
        await first.Services.GetRequiredService<CsatFunctions.Agents.AgentReviewHook>().OnAnswerAsync(survey, CancellationToken.None);
        await Task.WhenAll(Digests(first), Digests(second), Digests(first));
        clock.Advance(TimeSpan.FromDays(1));
        await Task.WhenAll(Digests(first), Digests(second));
        var late = sendGrid.Received.Skip(refused).Where(mail => SurveyMail.ToAddressOf(mail) == Quinn).Skip(2).Select(mail => SurveyMail.Text(mail, "text/plain")).ToList();
        Assert.StartsWith(On(local), Assert.Single(late));
        Assert.Contains("Ticket: T-1\n", late[0]);
    }

    /// <summary>The hosts' settings: Quinn gets a daily digest at 08:00 Tokyo time, in storage no other test uses.</summary>
    private static Action<Dictionary<string, string?>> QuinnDailyAtEight(string prefix) => settings =>
    {
        settings["Csat:StoragePrefix"] = prefix;
        settings["Csat:Agents:0:Name"] = "Quinn Daily";
        settings["Csat:Agents:0:Email"] = Quinn;
        settings["Csat:Agents:0:Mode"] = "daily";
        settings["Csat:Agents:DigestHour"] = "8";
        settings["Csat:Agents:TimeZone"] = Zone;
    };

    private static string On(DateTimeOffset day) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"What your customers said on {day:MMMM} {day.Day}, {day.Year}:");

    private static Task Tick(PipelineHost host) => host.Services.GetRequiredService<ScheduledTick>().RunAsync(CancellationToken.None);

    private static Task<int> Digests(PipelineHost host) => host.Services.GetRequiredService<CsatFunctions.Agents.AgentDigests>().RunAsync(CancellationToken.None);

    private static async Task<ReceivedMail> SurveyFor(PipelineHost host, SendGridStub sendGrid, string ticket)
    {
        var before = sendGrid.Received.Count;
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(ticket)).StatusCode);
        return (await sendGrid.WaitForAsync(before + 1))[before];
    }

    private static async Task Rate(PipelineHost host, ReceivedMail mail, string rating, string comment)
    {
        using var response = await host.Http.PostAsync(SurveyMail.PostPathFor(mail), new FormUrlEncodedContent([new("rating", rating), new("comment", comment)]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
