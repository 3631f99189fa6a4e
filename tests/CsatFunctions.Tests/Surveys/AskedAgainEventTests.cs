using System.Net;
using System.Text.Json.Nodes;
using CsatFunctions.Surveys.Delivery;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Surveys;

/// <summary>
/// <c>Csat__ReopenAfterEmail=ask-again</c> sends the same survey a second email: SendGrid's late
/// events of the first (its Event Webhook retrying for a day, or an operator replaying a poisoned
/// batch) carry the first email's <c>survey_round</c> and never stand for the second.
/// </summary>
public sealed class AskedAgainEventTests(AzuriteFixture azurite)
{
    private readonly MidMonthClock clock = new();

    [Fact]
    public async Task Late_events_of_the_first_email_neither_stop_the_second_nor_mark_it_undeliverable_and_the_second_emails_own_do()
    {
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var host = await AskingAgainAsync(sendGrid);
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("R-1", "rae@example.org", resolvedAt: clock.GetUtcNow()))).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(61));
        var first = Assert.Single(await sendGrid.WaitForAsync(1));
        var surveyId = SurveyMail.SurveyIdOf(first);

        // Reopened after the email, resolved again the next day: the survey waits out the hour once more.
        await ReopenAsync(host, "R-1", "rae@example.org");
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("R-1", "rae@example.org", resolvedAt: clock.GetUtcNow()))).StatusCode);

        // Now the first email's processed and (temporary) bounce arrive, late.
        await PostEventsAsync(host, RoundOf(first), surveyId);
        clock.Advance(TimeSpan.FromMinutes(61));
        var second = (await sendGrid.WaitForAsync(2))[1];
        Assert.Equal((surveyId, "rae@example.org"), (SurveyMail.SurveyIdOf(second), SurveyMail.ToAddressOf(second)));
        Assert.NotEqual(RoundOf(first), RoundOf(second));
        var window = (await host.RefreshScoreAsync())["windows"]!["allTime"]!;
        Assert.Equal((1, 0), (window["surveyed"]!.GetValue<int>(), window["undeliverable"]!.GetValue<int>()));
        Assert.Empty((await host.AdminAsync(HttpMethod.Get, "/api/admin/tickets/not-surveyed"))["items"]!.AsArray());

        // The same events of the second email do stand: it could not be delivered.
        await PostEventsAsync(host, RoundOf(second), surveyId);
        window = (await host.RefreshScoreAsync())["windows"]!["allTime"]!;
        Assert.Equal((1, 1), (window["surveyed"]!.GetValue<int>(), window["undeliverable"]!.GetValue<int>()));
        var notAsked = Assert.Single((await host.AdminAsync(HttpMethod.Get, "/api/admin/tickets/not-surveyed"))["items"]!.AsArray())!;
        Assert.Equal(("R-1", "undeliverable"), (notAsked["ticketId"]!.GetValue<string>(), notAsked["reason"]!.GetValue<string>()));
        Assert.Equal(2, sendGrid.Received.Count);
    }

    [Fact]
    public async Task A_spam_report_on_the_first_email_still_suppresses_the_address_before_it_is_asked_again()
    {
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var host = await AskingAgainAsync(sendGrid);
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("S-1", "sam@example.org", resolvedAt: clock.GetUtcNow()))).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(61));
        var first = Assert.Single(await sendGrid.WaitForAsync(1));

        await ReopenAsync(host, "S-1", "sam@example.org");
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("S-1", "sam@example.org", resolvedAt: clock.GetUtcNow()))).StatusCode);
        var spam = SendGridEvents.Event("spamreport", SurveyMail.SurveyIdOf(first), "sam@example.org", clock.GetUtcNow());
        spam[DeliveryEventReader.RoundArgument] = RoundOf(first);
        using (var accepted = await host.PostEventsAsync(SendGridEvents.Batch(spam)))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        await host.WaitForEventsAppliedAsync();

        // The person said so: the address is suppressed and the second email never leaves.
        Assert.Equal("spamreport", (await host.AdminAsync(HttpMethod.Get, "/api/admin/suppressions/sam@example.org"))["reason"]!.GetValue<string>());
        clock.Advance(TimeSpan.FromMinutes(61));
        await Eventually.TrueAsync(
            async () => (await host.AdminAsync(HttpMethod.Get, "/api/admin/tickets/not-surveyed"))["items"]!.AsArray().Any(i => i!["reason"]!.GetValue<string>() == "suppressed"),
            "the survey to be counted as not asked, suppressed");
        await host.WaitForQueueDrainedAsync();
        Assert.Single(sendGrid.Received);
    }

    [Fact]
    public async Task Asked_again_an_answer_stays_with_its_customer_and_a_first_emails_spam_report_suppresses_only_the_address_it_went_to()
    {
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var host = await AskingAgainAsync(sendGrid);
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("P-1", "amy@example.org", resolvedAt: clock.GetUtcNow()))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("P-2", "sid@example.org", resolvedAt: clock.GetUtcNow()))).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(61));
        var firsts = await sendGrid.WaitForAsync(2);
        var answered = firsts.Single(mail => SurveyMail.ToAddressOf(mail) == "amy@example.org");
        var reported = firsts.Single(mail => SurveyMail.ToAddressOf(mail) == "sid@example.org");
        await host.AnswerAsync(answered, "unsatisfactory", "Call me back");

        // Both tickets are reopened and resolved again for another customer.
        await ReopenAsync(host, "P-1", "amy@example.org");
        await ReopenAsync(host, "P-2", "sid@example.org");
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("P-1", "ben@example.org", resolvedAt: clock.GetUtcNow()))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("P-2", "tom@example.org", resolvedAt: clock.GetUtcNow()))).StatusCode);

        // The first email's spam report is sid's: tom, whom the survey now asks, is not suppressed.
        var spam = SendGridEvents.Event("spamreport", SurveyMail.SurveyIdOf(reported), "sid@example.org", clock.GetUtcNow());
        spam[DeliveryEventReader.RoundArgument] = RoundOf(reported);
        using (var accepted = await host.PostEventsAsync(SendGridEvents.Batch(spam)))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        await host.WaitForEventsAppliedAsync();
        Assert.True((await host.AdminAsync(HttpMethod.Get, "/api/admin/suppressions/sid@example.org"))["suppressed"]!.GetValue<bool>());
        Assert.False((await host.AdminAsync(HttpMethod.Get, "/api/admin/suppressions/tom@example.org"))["suppressed"]!.GetValue<bool>());

        // The answered survey stays amy's (her answer and comment are found and erased by her address); the unanswered one asks tom.
        clock.Advance(TimeSpan.FromMinutes(61));
        var seconds = (await sendGrid.WaitForAsync(4)).Skip(2).Select(SurveyMail.ToAddressOf).Order().ToList();
        Assert.Equal(["amy@example.org", "tom@example.org"], seconds);
    }

    private static string RoundOf(ReceivedMail mail) => mail.Json["personalizations"]![0]!["custom_args"]![DeliveryEventReader.RoundArgument]!.GetValue<string>();

    /// <summary>A signed batch with a <c>processed</c> and a temporary bounce (no suppression) of the email of <paramref name="round"/>, applied.</summary>
    private async Task PostEventsAsync(PipelineHost host, string round, string surveyId)
    {
        var now = clock.GetUtcNow();
        var processed = SendGridEvents.Event("processed", surveyId, "rae@example.org", now);
        var bounce = SendGridEvents.Event("bounce", surveyId, "rae@example.org", now.AddSeconds(5));
        (bounce["type"], bounce["reason"]) = ("blocked", "421 4.7.0 Try again later");
        foreach (var item in new[] { processed, bounce })
        {
            item[DeliveryEventReader.RoundArgument] = round;
        }

        using var accepted = await host.PostEventsAsync(SendGridEvents.Batch(processed, bounce));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        await host.WaitForEventsAppliedAsync();
    }

    /// <summary>The generic body with <c>"status": "reopened"</c>: after the email, ask-again answers <c>reopened</c>.</summary>
    private async Task ReopenAsync(PipelineHost host, string ticketId, string email)
    {
        var body = JsonNode.Parse(PipelineHost.Ticket(ticketId, email))!;
        (body["status"], body["reopenedAt"]) = ("reopened", clock.GetUtcNow().ToString("O"));
        using var response = await host.SendTicketAsync(body.ToJsonString());
        Assert.Equal("reopened", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
    }

    /// <summary>A host that waits an hour before each email and asks again after a reopen, its queue delays short enough for the test's clock to decide when an email is due.</summary>
    private Task<PipelineHost> AskingAgainAsync(SendGridStub sendGrid) =>
        PipelineHost.StartAsync(
            azurite.ConnectionString,
            sendGrid,
            settings => (settings["Csat:SendDelay"], settings["Csat:ReopenAfterEmail"]) = ("PT1H", "ask-again"),
            clock: clock,
            longestQueueDelay: TimeSpan.FromMilliseconds(300));
}
