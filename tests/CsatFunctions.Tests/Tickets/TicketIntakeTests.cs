using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Tickets;

/// <summary>The webhook as a helpdesk meets it.</summary>
public sealed class TicketIntakeTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    [Fact]
    public async Task A_new_ticket_is_stored_and_queued_before_the_202()
    {
        using var response = await Host.SendTicketAsync(PipelineHost.Ticket("T-1", channel: "portal"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("accepted", answer["status"]!.GetValue<string>());
        var surveyId = answer["surveyId"]!.GetValue<string>();
        var stored = await Host.Services.GetRequiredService<SurveyTable>().GetAsync(surveyId, CancellationToken.None);
        Assert.Equal("T-1", stored!.Survey.TicketId);
        Assert.Equal("portal", stored.Survey.Channel);
        Assert.Equal(surveyId, SurveyMail.SurveyIdOf(Assert.Single(await SendGrid.WaitForAsync(1))));
    }

    [Fact]
    public async Task A_survey_stored_before_ticket_entries_existed_keeps_its_id_and_its_customer_is_not_asked_again()
    {
        // As intake stored surveys before SurveysByTicket: the ticket's key is the survey's id, and there is no entry.
        var key = SurveysByTicket.KeyOf("generic", "T-OLD");
        var resolvedAt = Host.Clock.GetUtcNow().AddDays(-2);
        var older = new Survey(key, "generic", "T-OLD", "olga@example.org", null, null, null, "email", resolvedAt, resolvedAt) { Email = EmailState.Sent, SentAt = resolvedAt };
        Assert.True(await Host.Services.GetRequiredService<SurveyTable>().TryInsertAsync(older, CancellationToken.None));

        using var again = await Host.SendTicketAsync(PipelineHost.Ticket("T-OLD", "olga@example.org"));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""{"surveyId":"{{key}}","status":"duplicate"}"""), JsonNode.Parse(await again.Content.ReadAsStringAsync())));
        Assert.Equal(key, await Host.Services.SurveyIdOfAsync("T-OLD"));
        await Host.WaitForQueueDrainedAsync();
        Assert.Empty(SendGrid.Received);
    }

    [Fact]
    public async Task Concurrent_redeliveries_create_one_survey_and_one_email()
    {
        var ticket = PipelineHost.Ticket("T-RACE", subject: "Race");

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Host.SendTicketAsync(ticket)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Accepted);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Accepted), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        await SendGrid.WaitForAsync(1);
        await Host.WaitForQueueDrainedAsync();
        Assert.Single(SendGrid.Received);
    }

    [Fact]
    public async Task A_later_redelivery_with_a_new_webhook_id_is_a_duplicate_and_sends_nothing()
    {
        var first = JsonNode.Parse(await (await Host.SendTicketAsync(PipelineHost.Ticket("T-2"), webhookId: "msg_a")).Content.ReadAsStringAsync())!;
        await SendGrid.WaitForAsync(1);

        using var again = await Host.SendTicketAsync(PipelineHost.Ticket("T-2", subject: "edited since"), webhookId: "msg_b");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse($$"""{"surveyId":"{{first["surveyId"]}}","status":"duplicate"}"""),
            JsonNode.Parse(await again.Content.ReadAsStringAsync())));
        await Host.WaitForQueueDrainedAsync();
        Assert.Single(SendGrid.Received);
    }

    [Fact]
    public async Task The_agent_credited_is_the_one_when_the_survey_went_out_not_a_later_reassignment()
    {
        await Host.SendTicketAsync(PipelineHost.Ticket("T-AGENT", agent: "Patrick"));
        await SendGrid.WaitForAsync(1);

        // Re-solved later by someone else: still one survey, still Patrick's.
        using var again = await Host.SendTicketAsync(PipelineHost.Ticket("T-AGENT", agent: "Someone Else"));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var survey = (await Host.Services.GetRequiredService<SurveyTable>().GetAsync(await Host.Services.SurveyIdOfAsync("T-AGENT"), CancellationToken.None))!.Survey;
        Assert.Equal("Patrick", survey.Agent);
        Assert.Contains("Patrick at Example Hosting resolved", SurveyMail.Text(Assert.Single(SendGrid.Received), "text/plain"));
    }

    [Fact]
    public async Task A_ticket_without_an_id_is_refused_as_a_problem_naming_it_and_nothing_is_stored()
    {
        using var response = await Host.SendTicketAsync("""{"ticketId":"","customer":{"email":"nobody"},"resolvedAt":"soon"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(400, problem["status"]!.GetValue<int>());
        Assert.Equal(["ticketId"], problem["errors"]!.AsObject().Select(p => p.Key));
        Assert.Null(await Host.Services.GetRequiredService<SurveysByTicket>().FindAsync(SurveysByTicket.KeyOf("generic", ""), CancellationToken.None));
    }

    [Fact]
    public async Task A_ticket_without_a_usable_email_is_counted_listed_and_surveyed_once_a_delivery_brings_one()
    {
        using var none = await Host.SendTicketAsync("""{"ticketId":"T-NOMAIL","customer":{"email":"nobody"},"channel":"phone\r\nline 2","resolvedAt":"soon"}""");
        using var again = await Host.SendTicketAsync("""{"ticketId":"T-NOMAIL"}""");

        Assert.Equal(HttpStatusCode.OK, none.StatusCode);
        var answer = JsonNode.Parse(await none.Content.ReadAsStringAsync())!;
        Assert.Equal(("notSurveyed", await Host.Services.SurveyIdOfAsync("T-NOMAIL")), (answer["status"]!.GetValue<string>(), answer["surveyId"]!.GetValue<string>()));
        Assert.Contains("not a single address", answer["reason"]!.GetValue<string>());
        Assert.Equal("notSurveyed", JsonNode.Parse(await again.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
        var window = (await Host.RefreshScoreAsync())["windows"]!["allTime"]!;
        Assert.Equal((1, 1, 0), (window["surveyed"]!.GetValue<int>(), window["notSurveyed"]!.GetValue<int>(), window["rated"]!.GetValue<int>()));
        var listed = Assert.Single((await Host.AdminAsync(HttpMethod.Get, "/api/admin/tickets/not-surveyed"))["items"]!.AsArray())!;
        Assert.Equal(("T-NOMAIL", "generic", "no-email", "phone line 2"), (listed["ticketId"]!.GetValue<string>(), listed["source"]!.GetValue<string>(), listed["reason"]!.GetValue<string>(), listed["channel"]!.GetValue<string>()));

        using var withEmail = await Host.SendTicketAsync(PipelineHost.Ticket("T-NOMAIL", "found@example.org"));

        Assert.Equal(HttpStatusCode.Accepted, withEmail.StatusCode);
        Assert.Equal("found@example.org", SurveyMail.ToAddressOf(Assert.Single(await SendGrid.WaitForAsync(1))));
        window = (await Host.RefreshScoreAsync())["windows"]!["allTime"]!;
        Assert.Equal((1, 0), (window["surveyed"]!.GetValue<int>(), window["notSurveyed"]!.GetValue<int>()));
        Assert.Empty((await Host.AdminAsync(HttpMethod.Get, "/api/admin/tickets/not-surveyed"))["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, (await Host.SendTicketAsync(PipelineHost.Ticket("T-NOMAIL", "found@example.org"))).StatusCode);
        await Host.WaitForQueueDrainedAsync();
        Assert.Single(SendGrid.Received);
    }

    [Fact]
    public async Task Two_deliveries_bringing_the_missing_email_at_once_survey_the_ticket_once_and_count_it_as_surveyed()
    {
        Assert.Equal(HttpStatusCode.OK, (await Host.SendTicketAsync("""{"ticketId":"T-RACE"}""")).StatusCode);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Host.SendTicketAsync(PipelineHost.Ticket("T-RACE", "race@example.org"))));

        Assert.Single(answers, answer => answer.StatusCode == HttpStatusCode.Accepted);
        Assert.All(answers, answer => Assert.True(answer.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK));
        foreach (var answer in answers)
        {
            Assert.NotEqual("notSurveyed", JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
        }

        await SendGrid.WaitForAsync(1);
        await Host.WaitForQueueDrainedAsync();
        Assert.Single(SendGrid.Received);
        var window = (await Host.RefreshScoreAsync())["windows"]!["allTime"]!;
        Assert.Equal((1, 0), (window["surveyed"]!.GetValue<int>(), window["notSurveyed"]!.GetValue<int>()));
    }

    [Fact]
    public async Task An_unsigned_request_is_refused_with_401_problem()
    {
        using var response = await Host.Http.PostAsync("/api/tickets/resolved", new StringContent(PipelineHost.Ticket("T-3"), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_stale_signature_is_refused()
    {
        using var response = await Host.SendTicketAsync(PipelineHost.Ticket("T-4"), signedAt: Host.Clock.GetUtcNow().AddMinutes(-6));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("more than 5 minutes", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_body_over_256_KiB_is_refused_with_413()
    {
        var huge = PipelineHost.Ticket("T-5", subject: "x").Replace("\"x\"", "\"" + new string('x', 256 * 1024) + "\"", StringComparison.Ordinal);

        using var response = await Host.SendTicketAsync(huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_configured_secret_every_webhook_is_refused()
    {
        await using var closed = await PipelineHost.StartAsync(Azurite.ConnectionString, SendGrid, s => s["Csat:WebhookSecret"] = null);

        using var response = await closed.SendTicketAsync(PipelineHost.Ticket("T-6"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Csat__WebhookSecret", await response.Content.ReadAsStringAsync());
    }
}
