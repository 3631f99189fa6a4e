using System.Net;
using System.Text.Json.Nodes;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Surveys;

/// <summary>
/// A rating link works for 60 days from when its email is due: a send delay takes nothing from the
/// customer's time to answer, the reminder carries the same link, and after a reopen that asks again
/// each email's links keep the expiry they were sent with.
/// </summary>
public sealed class RatingLinkLifetimeTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(60);

    private readonly MidMonthClock clock = new();

    [Fact]
    public async Task With_a_send_delay_the_link_lives_sixty_days_from_the_send_and_the_reminder_carries_the_same_link()
    {
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var host = await StartAsync(sendGrid, "P10D", "keep", settings => settings["Csat:ReminderAfterDays"] = "3");
        var resolved = clock.GetUtcNow();
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("L-1", "lee@example.org", resolvedAt: resolved))).StatusCode);

        clock.Advance(TimeSpan.FromDays(10) + TimeSpan.FromMinutes(1));
        var mail = (await sendGrid.WaitForAsync(1))[0];

        // The send is recorded before the clock moves on: the reminder is due three days after it.
        await host.WaitForQueueDrainedAsync();
        var due = resolved + TimeSpan.FromDays(10);
        Assert.InRange(ExpiryOf(mail), due + LinkLifetime - TimeSpan.FromSeconds(1), due + LinkLifetime);

        clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        var reminder = (await sendGrid.WaitForAsync(2))[1];
        Assert.Equal(SurveyMail.LinkFor(mail, "excellent"), SurveyMail.LinkFor(reminder, "excellent"));

        // A minute before sixty days from the send (seventy from the resolution) the customer can still answer; a minute after, not.
        clock.Advance(due + LinkLifetime - TimeSpan.FromMinutes(1) - clock.GetUtcNow());
        Assert.Equal(HttpStatusCode.OK, await OpenAsync(host, mail));
        await host.AnswerAsync(mail, "excellent");
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Gone, await OpenAsync(host, mail));
    }

    [Fact]
    public async Task Asked_again_after_a_reopen_each_email_keeps_the_expiry_it_was_sent_with()
    {
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var host = await StartAsync(sendGrid, "P1D", "ask-again");
        var first = clock.GetUtcNow();
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("A-1", "ada@example.org", resolvedAt: first))).StatusCode);
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var firstMail = (await sendGrid.WaitForAsync(1))[0];
        await host.WaitForQueueDrainedAsync();

        // Reopened after the email left, resolved again five days later: the same survey, emailed again after its own delay.
        Assert.Equal("reopened", await ReopenAsync(host, "A-1", "ada@example.org"));
        clock.Advance(TimeSpan.FromDays(5));
        var second = clock.GetUtcNow();
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("A-1", "ada@example.org", resolvedAt: second))).StatusCode);
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var secondMail = (await sendGrid.WaitForAsync(2))[1];
        await host.WaitForQueueDrainedAsync();
        Assert.Equal(SurveyMail.SurveyIdOf(firstMail), SurveyMail.SurveyIdOf(secondMail));

        var firstExpiry = ExpiryOf(firstMail);
        Assert.InRange(firstExpiry, first + TimeSpan.FromDays(1) + LinkLifetime - TimeSpan.FromSeconds(1), first + TimeSpan.FromDays(1) + LinkLifetime);
        Assert.InRange(ExpiryOf(secondMail), second + TimeSpan.FromDays(1) + LinkLifetime - TimeSpan.FromSeconds(1), second + TimeSpan.FromDays(1) + LinkLifetime);

        // The first email's links still work after the second round, until their own expiry; the second's after that.
        Assert.Equal(HttpStatusCode.OK, await OpenAsync(host, firstMail));
        clock.Advance(firstExpiry + TimeSpan.FromMinutes(1) - clock.GetUtcNow());
        Assert.Equal(HttpStatusCode.Gone, await OpenAsync(host, firstMail));
        Assert.Equal(HttpStatusCode.OK, await OpenAsync(host, secondMail));
        await host.AnswerAsync(secondMail, "satisfactory");
    }

    [Fact]
    public async Task A_ticket_that_gets_its_email_weeks_after_it_was_counted_gets_a_link_that_lives_sixty_days_from_then()
    {
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var host = await StartAsync(sendGrid, "PT0S", "keep");
        var resolved = clock.GetUtcNow();
        Assert.Equal(HttpStatusCode.OK, (await host.SendTicketAsync(PipelineHost.Ticket("N-1", "", resolvedAt: resolved))).StatusCode);

        // Fifty days later the helpdesk redelivers it with the customer's address: asked now, for sixty days from now.
        clock.Advance(TimeSpan.FromDays(50));
        var given = clock.GetUtcNow();
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("N-1", "nia@example.org", resolvedAt: resolved))).StatusCode);
        var mail = (await sendGrid.WaitForAsync(1))[0];
        Assert.InRange(ExpiryOf(mail), given + LinkLifetime - TimeSpan.FromSeconds(1), given + LinkLifetime);
        clock.Advance(TimeSpan.FromDays(20));
        Assert.Equal(HttpStatusCode.OK, await OpenAsync(host, mail));
    }

    private Task<PipelineHost> StartAsync(SendGridStub sendGrid, string sendDelay, string reopenAfterEmail, Action<Dictionary<string, string?>>? more = null) =>
        PipelineHost.StartAsync(
            azurite.ConnectionString,
            sendGrid,
            settings =>
            {
                settings["Csat:SendDelay"] = sendDelay;
                settings["Csat:ReopenAfterEmail"] = reopenAfterEmail;
                more?.Invoke(settings);
            },
            clock: clock,
            longestQueueDelay: TimeSpan.FromMilliseconds(300));

    /// <summary>The expiry signed into the email's rating links.</summary>
    private static DateTimeOffset ExpiryOf(ReceivedMail mail) =>
        DateTimeOffset.FromUnixTimeSeconds(long.Parse(SurveyMail.TokenOf(mail).Split('.')[2], System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>What the customer's browser gets for the email's one-click link.</summary>
    private static async Task<HttpStatusCode> OpenAsync(PipelineHost host, ReceivedMail mail)
    {
        using var response = await host.Http.GetAsync(SurveyMail.LinkFor(mail, "excellent"));
        return response.StatusCode;
    }

    /// <summary>The generic body with <c>"status": "reopened"</c> at the host's now; the intake's status.</summary>
    private async Task<string> ReopenAsync(PipelineHost host, string ticketId, string email)
    {
        using var response = await host.SendTicketAsync(PipelineHost.Reopened(ticketId, email, clock.GetUtcNow()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]!.GetValue<string>();
    }
}
