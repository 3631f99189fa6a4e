using System.Net;
using System.Text;
using CsatFunctions.Campaigns;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Campaigns;

/// <summary>A week of a campaign's drip on a clock the test moves, from two hosts at once.</summary>
public sealed class CampaignDripTests(AzuriteFixture azurite)
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    [Fact]
    public async Task A_week_asks_only_in_the_window_within_the_daily_cap_nobody_twice_and_never_inside_another_surveys_cooldown()
    {
        var clock = new MidMonthClock();
        var prefix = AzuriteFixture.UniquePrefix();
        void Configure(Dictionary<string, string?> settings)
        {
            settings["Csat:StoragePrefix"] = prefix;
            settings["Csat:SurveyCooldownDays"] = "30";
        }

        await using var sendGrid = await SendGridStub.StartAsync();
        await using var first = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, Configure, clock: clock);
        await using var second = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, Configure, clock: clock);
        await Admin(first, HttpMethod.Put, "/api/admin/campaigns/weekly", new StringContent("""{"everyDays": 30, "perDay": 4, "sendDays": "Mon-Fri", "sendHours": "09-17", "timeZone": "Europe/London"}""", Encoding.UTF8, "application/json"));
        var csv = new StringBuilder("email,name,locale\n");
        for (var i = 0; i < 30; i++)
        {
            csv.Append($"c{i}@example.org,Customer {i},nl\n");
        }

        await Admin(first, HttpMethod.Put, "/api/admin/campaigns/weekly/customers", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));

        // c0's address is suppressed; c1 was just surveyed about a ticket, so its cooldown runs.
        await Admin(first, HttpMethod.Put, "/api/admin/suppressions/c0@example.org", null);
        Assert.Equal(HttpStatusCode.Accepted, (await first.SendTicketAsync(PipelineHost.Ticket("T-1", "c1@example.org"))).StatusCode);
        await sendGrid.WaitForAsync(1);

        // Sunday noon (UTC) to the next Sunday noon, an hour at a time, both hosts dripping at each tick:
        // the week's five working days whole, whatever weekday the month's 15th is.
        var now = clock.GetUtcNow();
        var sundayNoon = new DateTimeOffset(now.Date, TimeSpan.Zero).AddHours(12).AddDays(((int)DayOfWeek.Sunday - (int)now.DayOfWeek + 7) % 7);
        clock.Advance(sundayNoon > now ? sundayNoon - now : sundayNoon.AddDays(7) - now);
        for (var hour = 0; hour < 7 * 24; hour++)
        {
            await Task.WhenAll(Admin(first, HttpMethod.Post, "/api/admin/campaigns/weekly/run", null), Admin(second, HttpMethod.Post, "/api/admin/campaigns/weekly/run", null));
            clock.Advance(TimeSpan.FromHours(1));
        }

        var asks = await first.Services.GetRequiredService<CampaignAnswers>().ReadAllAsync("weekly", CancellationToken.None);
        var local = asks.Select(ask => TimeZoneInfo.ConvertTime(ask.AskedAt, London)).ToList();
        Assert.Equal(20, asks.Count);
        Assert.All(local, at => Assert.True(at.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && at.Hour is >= 9 and < 17, $"asked at {at:ddd HH:mm}"));
        Assert.All(local.GroupBy(at => at.Date), day =>
        {
            Assert.Equal(4, day.Count());
            Assert.True(day.Select(at => at.Hour).Distinct().Count() >= 3, "the day's asks are spread over its hours");
        });

        await sendGrid.WaitForAsync(21);
        await first.WaitForQueueDrainedAsync();
        var campaignMails = sendGrid.Received.Where(m => SurveyMail.Text(m, "text/plain").Contains("Hoe waarschijnlijk is het dat u Example Hosting aanbeveelt", StringComparison.Ordinal)).ToList();
        Assert.Equal(20, campaignMails.Count);
        Assert.Equal(20, campaignMails.Select(SurveyMail.ToAddressOf).Distinct().Count());
        Assert.DoesNotContain(campaignMails, m => SurveyMail.ToAddressOf(m) is "c0@example.org" or "c1@example.org");
        Assert.Equal(21, sendGrid.Received.Count);

        // An answer: the report counts it, the team follows up the detractor, the public ticket score does not count it.
        using var answered = await first.Http.PostAsync(SurveyMail.PostPathFor(campaignMails[0]), new FormUrlEncodedContent([new("rating", "3"), new("comment", "Te duur")]));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var report = await first.AdminAsync(HttpMethod.Get, "/api/admin/campaigns/weekly");
        Assert.Equal((30, 20, 1, 1, -100.0), (report["customers"]!.GetValue<int>(), report["asked"]!.GetValue<int>(), report["answered"]!.GetValue<int>(), report["detractors"]!.GetValue<int>(), report["nps"]!.GetValue<double>()));
        Assert.Equal("Te duur", report["comments"]![0]!["comment"]!.GetValue<string>());
        Assert.Equal(1, report["rounds"]![0]!["round"]!.GetValue<int>());
        Assert.Single((await first.AdminAsync(HttpMethod.Get, "/api/admin/followups?status=open"))["items"]!.AsArray());
        using var desk = new HttpRequestMessage(HttpMethod.Get, "/api/admin/desk");
        desk.Headers.Authorization = new("Bearer", PipelineHost.AdminKey);
        var page = await (await first.Http.SendAsync(desk)).Content.ReadAsStringAsync();
        Assert.Contains("<h3>weekly</h3>", page);
        Assert.Contains("<th scope=\"row\">Round 1</th><td>20</td><td>1</td><td>0</td><td>0</td><td>1</td><td>-100.0</td>", page);
        Assert.Contains("<strong>3</strong> Te duur", page);
        var allTime = (await first.RefreshScoreAsync())["windows"]!["allTime"]!;
        Assert.Equal((1, 0), (allTime["surveyed"]!.GetValue<int>(), allTime["rated"]!.GetValue<int>()));
    }

    private static async Task Admin(PipelineHost host, HttpMethod method, string path, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new("Bearer", PipelineHost.AdminKey);
        using var response = await host.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
