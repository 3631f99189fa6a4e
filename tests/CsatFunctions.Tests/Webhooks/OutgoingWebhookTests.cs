using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using static CsatFunctions.Tests.SelfHost.SecretExposureTests;

namespace CsatFunctions.Tests.Webhooks;

/// <summary>
/// Every event reaches a receiver on a loopback port, signed per Standard Webhooks and verified
/// here from the specification, at least once, with one webhook-id and one body across retries,
/// counted and replayable after the schedule; the desk shows how each endpoint's deliveries went.
/// </summary>
public sealed class OutgoingWebhookTests(AzuriteFixture azurite) : IAsyncLifetime
{
    /// <summary>The receiver's own secret, not the intake's.</summary>
    private static readonly string Secret = "whsec_" + Convert.ToBase64String("receiver-secret-of-thirty-two-b!"u8);

    /// <summary>A receiver's token in the URL: never shown on the desk or logged.</summary>
    private const string UrlToken = "url-token-7f3a9c";

    private readonly LogCapture logs = new();
    private SendGridStub sendGrid = null!;
    private WebhookReceiverStub receiver = null!;
    private PipelineHost host = null!;

    public async ValueTask InitializeAsync()
    {
        sendGrid = await SendGridStub.StartAsync();
        receiver = await WebhookReceiverStub.StartAsync();
        host = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, settings =>
        {
            settings["Csat:Webhooks:crm:Url"] = $"{receiver.BaseUrl}hooks/csat?token={UrlToken}";
            settings["Csat:Webhooks:crm:Secret"] = Secret;

            // Short waits so a test sees the whole schedule; the default spans 27 hours (WebhookRetryScheduleTests).
            settings["Csat:WebhookRetryDelays"] = "00:00:00.2,00:00:00.2,00:00:00.2,00:00:00.2";
            settings["Csat:WebhookTimeout"] = "00:00:00.5";
        }, logging: logs);
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        await receiver.DisposeAsync();
        await sendGrid.DisposeAsync();
    }

    [Fact]
    public async Task A_first_answer_arrives_as_rating_recorded_signed_with_the_documented_body_and_no_customer_details()
    {
        var mail = await host.SurveyEmailForAsync(sendGrid, PipelineHost.Ticket("T-REC", "ann@example.org", "Ann Customer", "Disk full", "Patrick", "email", company: "Acme Ltd"));

        await host.AnswerAsync(mail, "unsatisfactory", "Slow. Write to ann@example.org");
        var received = Assert.Single(await receiver.WaitForAcceptedAsync(1));
        var json = received.Json;

        Assert.True(StandardWebhooksVerification.Verifies(Secret, received, host.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
        Assert.False(StandardWebhooksVerification.Verifies(PipelineHost.WebhookSecretText, received, host.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));

        // The intake's own check of a Standard Webhooks delivery takes it too, as the issue asks.
        Assert.True(CsatFunctions.Tickets.WebhookSecret.TryParse(Secret, out var intakeSecret));
        var headers = new HeaderDictionary { ["webhook-id"] = received.Id, ["webhook-timestamp"] = received.Timestamp, ["webhook-signature"] = received.Signature };
        Assert.Null(CsatFunctions.Tickets.WebhookSignature.Check(intakeSecret!, headers, received.Body, host.Clock.GetUtcNow()));
        Assert.Matches("^msg_[0-9a-f]{32}$", received.Id);
        Assert.StartsWith("application/json", received.ContentType);
        Assert.Equal($"/hooks/csat?token={UrlToken}", received.PathAndQuery);
        Assert.Equal("rating.recorded", json["type"]!.GetValue<string>());
        var data = json["data"]!.AsObject();
        Assert.Equal(SurveyMail.SurveyIdOf(mail), data["surveyId"]!.GetValue<string>());
        Assert.Equal("T-REC", data["ticketId"]!.GetValue<string>());
        Assert.Equal("generic", data["source"]!.GetValue<string>());
        Assert.Equal("Acme Ltd", data["company"]!.GetValue<string>());
        Assert.Equal("Patrick", data["agent"]!.GetValue<string>());
        Assert.Equal("email", data["channel"]!.GetValue<string>());
        Assert.Equal("unsatisfactory", data["rating"]!.GetValue<string>());
        Assert.Equal("three-level", data["scale"]!.GetValue<string>());
        Assert.Equal("Slow. Write to (address)", data["comment"]!.GetValue<string>());
        Assert.Equal(json["timestamp"]!.GetValue<DateTimeOffset>(), data["ratedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal("open", data["followUp"]!["status"]!.GetValue<string>());
        Assert.Equal($"{PipelineHost.PublicBaseUrl}/api/admin/desk#followup-{SurveyMail.SurveyIdOf(mail)}", data["followUp"]!["url"]!.GetValue<string>());
        Assert.Null(data["score"]);
        Assert.Null(data["reason"]);
        Assert.DoesNotContain("ann@example.org", received.Text);
        Assert.DoesNotContain("Ann Customer", received.Text);
        Assert.DoesNotContain("Disk full", received.Text);
        Assert.All(new[] { Secret, Secret["whsec_".Length..], UrlToken }, secret => Assert.DoesNotContain(secret, received.Text + logs.Text));
        Assert.DoesNotContain("ann@example.org", logs.Text);
    }

    [Fact]
    public async Task A_rating_changed_twice_arrives_as_recorded_then_changed_twice_each_with_its_own_id()
    {
        var mail = await host.SurveyEmailForAsync(sendGrid, PipelineHost.Ticket("T-MIND", "bob@example.org"));

        await host.AnswerAsync(mail, "satisfactory");
        await receiver.WaitForAcceptedAsync(1);
        await host.AnswerAsync(mail, "unsatisfactory");
        await receiver.WaitForAcceptedAsync(2);
        await host.AnswerAsync(mail, "excellent");
        var received = (await receiver.WaitForAcceptedAsync(3)).OrderBy(r => r.Json["data"]!["ratedAt"]!.GetValue<DateTimeOffset>()).ToList();

        Assert.Equal(["rating.recorded", "rating.changed", "rating.changed"], received.Select(r => r.Json["type"]!.GetValue<string>()));
        Assert.Equal(["satisfactory", "unsatisfactory", "excellent"], received.Select(r => r.Json["data"]!["rating"]!.GetValue<string>()));
        Assert.Equal(3, received.Select(r => r.Id).Distinct().Count());
        Assert.All(received, r => Assert.True(StandardWebhooksVerification.Verifies(Secret, r, host.Clock.GetUtcNow(), TimeSpan.FromMinutes(5))));
    }

    [Fact]
    public async Task The_teams_change_to_a_follow_up_arrives_as_followup_updated_without_its_note()
    {
        var mail = await host.SurveyEmailForAsync(sendGrid, PipelineHost.Ticket("T-FU", "cat@example.org"));
        await host.AnswerAsync(mail, "unsatisfactory");
        await receiver.WaitForAcceptedAsync(1);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/admin/followups/{SurveyMail.SurveyIdOf(mail)}")
        {
            Content = new StringContent("""{"status": "contacted", "owner": "Pat", "note": "Called cat@example.org back"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PipelineHost.AdminKey);
        using (var response = await host.Http.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var received = Assert.Single(await receiver.WaitForAcceptedAsync(1, "followup.updated"));
        var followUp = received.Json["data"]!["followUp"]!;

        Assert.True(StandardWebhooksVerification.Verifies(Secret, received, host.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
        Assert.Equal("T-FU", received.Json["data"]!["ticketId"]!.GetValue<string>());
        Assert.Equal("contacted", followUp["status"]!.GetValue<string>());
        Assert.Equal("Pat", followUp["owner"]!.GetValue<string>());
        Assert.NotNull(followUp["firstContactAt"]);
        Assert.DoesNotContain("Called", received.Text);
        Assert.DoesNotContain("cat@example.org", received.Text);
    }

    [Fact]
    public async Task A_ticket_counted_but_not_asked_arrives_once_as_ticket_not_surveyed_with_its_reason()
    {
        using (var suppress = new HttpRequestMessage(HttpMethod.Put, "/api/admin/suppressions/dan@example.org"))
        {
            suppress.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PipelineHost.AdminKey);
            Assert.Equal(HttpStatusCode.NoContent, (await host.Http.SendAsync(suppress)).StatusCode);
        }

        var ticket = PipelineHost.Ticket("T-SUPP", "dan@example.org", "Dan", agent: "Patrick");

        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(ticket)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.SendTicketAsync(ticket)).StatusCode);
        var received = Assert.Single(await receiver.WaitForAcceptedAsync(1, "ticket.not_surveyed"));

        Assert.True(StandardWebhooksVerification.Verifies(Secret, received, host.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
        Assert.Equal("T-SUPP", received.Json["data"]!["ticketId"]!.GetValue<string>());
        Assert.Equal("suppressed", received.Json["data"]!["reason"]!.GetValue<string>());
        Assert.Equal("Patrick", received.Json["data"]!["agent"]!.GetValue<string>());
        Assert.Null(received.Json["data"]!["rating"]);
        Assert.DoesNotContain("dan@example.org", received.Text);

        // The helpdesk's repeat of the ticket files it again: the event was raised already, and is not sent twice.
        await WaitForWebhookQueueDrainedAsync();
        Assert.Single(receiver.Attempts);
    }

    [Fact]
    public async Task A_receiver_failing_three_times_gets_the_event_on_the_fourth_attempt_with_one_id_and_one_body()
    {
        receiver.Next(3, new ReceiverFault(503));
        var mail = await host.SurveyEmailForAsync(sendGrid, PipelineHost.Ticket("T-FAIL", "eve@example.org"));

        await host.AnswerAsync(mail, "excellent", "Thanks");
        await receiver.WaitForAcceptedAsync(1);
        var attempts = receiver.Attempts.ToList();

        Assert.Equal([503, 503, 503, 200], attempts.Select(a => a.Answered));
        Assert.Single(attempts.Select(a => a.Id).Distinct());
        Assert.All(attempts, a => Assert.Equal(attempts[0].Body, a.Body));
        Assert.All(attempts, a => Assert.True(StandardWebhooksVerification.Verifies(Secret, a, host.Clock.GetUtcNow(), TimeSpan.FromMinutes(5))));

        // The log is written after the receiver has answered.
        await Eventually.TrueAsync(async () => (await DeliveryLogAsync())["delivered"]!.GetValue<int>() == 1, "the delivery to be logged");
        var log = await DeliveryLogAsync();
        Assert.Equal(1, log["delivered"]!.GetValue<int>());
        Assert.Equal(0, log["consecutiveFailures"]!.GetValue<int>());
        Assert.Equal("200", log["lastStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_receiver_slower_than_the_timeout_is_tried_again()
    {
        receiver.Next(1, new ReceiverFault(200, Delay: TimeSpan.FromSeconds(1.5)));
        var mail = await host.SurveyEmailForAsync(sendGrid, PipelineHost.Ticket("T-SLOW", "fay@example.org"));

        await host.AnswerAsync(mail, "satisfactory");
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Attempts.Count >= 2), "a second attempt after the timeout");

        // The slow answer came after the sender gave up on it: the second attempt is the same event.
        Assert.Single(receiver.Attempts.Select(a => a.Id).Distinct());
        await Eventually.TrueAsync(async () => (await DeliveryLogAsync())["delivered"]!.GetValue<int>() == 1, "the retry to be logged delivered");
    }

    [Fact]
    public async Task A_receiver_down_for_a_while_gets_every_event_once_it_is_back()
    {
        receiver.Next(4, new ReceiverFault(Drop: true));
        var mails = new List<ReceivedMail>();
        foreach (var ticket in new[] { "T-D1", "T-D2", "T-D3" })
        {
            mails.Add(await host.SurveyEmailForAsync(sendGrid, PipelineHost.Ticket(ticket, $"{ticket.ToLowerInvariant()}@example.org")));
        }

        foreach (var mail in mails)
        {
            await host.AnswerAsync(mail, "excellent");
        }

        var received = await receiver.WaitForAcceptedAsync(3);

        Assert.Equal(["T-D1", "T-D2", "T-D3"], received.Select(r => r.Json["data"]!["ticketId"]!.GetValue<string>()).Order());
        Assert.Equal(3, received.Select(r => r.Id).Distinct().Count());
        Assert.Contains(receiver.Attempts, a => a.Answered == 0);
    }

    [Fact]
    public async Task A_receivers_retry_after_is_waited_out()
    {
        receiver.Next(1, new ReceiverFault(429, RetryAfter: "1"));
        var mail = await host.SurveyEmailForAsync(sendGrid, PipelineHost.Ticket("T-429", "gus@example.org"));

        await host.AnswerAsync(mail, "excellent");
        await receiver.WaitForAcceptedAsync(1);
        var attempts = receiver.Attempts.ToList();

        Assert.Equal([429, 200], attempts.Select(a => a.Answered));
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(0.95), $"retried after {attempts[1].At - attempts[0].At}, sooner than the 1 s asked");
    }

    [Fact]
    public async Task After_the_schedule_the_event_is_counted_shown_on_the_desk_and_a_replay_delivers_it_with_the_same_id()
    {
        receiver.Always = new ReceiverFault(500);
        var mail = await host.SurveyEmailForAsync(sendGrid, PipelineHost.Ticket("T-POISON", "hal@example.org"));

        await host.AnswerAsync(mail, "unsatisfactory", "Nobody answers");
        await Eventually.TrueAsync(async () => (await host.AdminAsync(HttpMethod.Get, "/api/admin/surveys/failed"))["poisoned"]!["webhooks"]!.GetValue<int>() == 1, "the event in the poison queue");
        var failed = receiver.Attempts.ToList();

        Assert.Equal(5, failed.Count);
        await Eventually.TrueAsync(async () => (await DeliveryLogAsync())["failed"]!.GetValue<int>() == 1, "the event logged as given up");
        var log = await DeliveryLogAsync();
        Assert.Equal(1, log["failed"]!.GetValue<int>());
        Assert.Equal(5, log["consecutiveFailures"]!.GetValue<int>());
        Assert.Equal("500", log["lastStatus"]!.GetValue<string>());
        Assert.Null(log["lastSuccessAt"]);
        var desk = await DeskAsync();
        Assert.Contains("Outgoing webhooks", desk);
        Assert.Contains($"crm <span class=\"note\">{receiver.BaseUrl.Authority}</span>", desk);
        Assert.Contains("<td class=\"text\">500</td>", desk);
        Assert.DoesNotContain(UrlToken, desk);
        Assert.DoesNotContain("hooks/csat", desk);
        Assert.DoesNotContain(Secret["whsec_".Length..], desk);

        receiver.Always = null;
        var replay = await host.AdminAsync(HttpMethod.Post, "/api/admin/webhooks/poison/replay");
        var delivered = Assert.Single(await receiver.WaitForAcceptedAsync(1));

        Assert.Equal(1, replay["replayed"]!.GetValue<int>());
        Assert.Equal(failed[0].Id, delivered.Id);
        Assert.Equal(failed[0].Body, delivered.Body);
        Assert.True(StandardWebhooksVerification.Verifies(Secret, delivered, host.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
        Assert.Equal(0, (await host.AdminAsync(HttpMethod.Get, "/api/admin/surveys/failed"))["poisoned"]!["webhooks"]!.GetValue<int>());
        await Eventually.TrueAsync(async () => (await DeliveryLogAsync())["consecutiveFailures"]!.GetValue<int>() == 0, "the replayed delivery to be logged");
        Assert.Contains(receiver.BaseUrl.Authority, logs.Text);
        Assert.All(new[] { Secret["whsec_".Length..], UrlToken, "hooks/csat", "hal@example.org" }, secret => Assert.DoesNotContain(secret, logs.Text));
    }

    [Fact]
    public async Task A_receiver_that_answers_gone_is_not_tried_again_and_the_event_waits_to_be_replayed()
    {
        receiver.Next(1, new ReceiverFault(410));
        var mail = await host.SurveyEmailForAsync(sendGrid, PipelineHost.Ticket("T-GONE", "ian@example.org"));

        await host.AnswerAsync(mail, "excellent");
        await Eventually.TrueAsync(async () => (await host.AdminAsync(HttpMethod.Get, "/api/admin/surveys/failed"))["poisoned"]!["webhooks"]!.GetValue<int>() == 1, "the event in the poison queue");

        Assert.Equal([410], receiver.Attempts.Select(a => a.Answered));
        await Eventually.TrueAsync(async () => (await DeliveryLogAsync())["lastStatus"]?.GetValue<string>() == "410", "the 410 to be logged");
    }

    private async Task<JsonNode> DeliveryLogAsync() =>
        Assert.Single((await host.AdminAsync(HttpMethod.Get, "/api/admin/webhooks/deliveries"))["endpoints"]!.AsArray())!;

    private async Task<string> DeskAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/desk");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PipelineHost.AdminKey);
        using var response = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private Task WaitForWebhookQueueDrainedAsync() =>
        Eventually.TrueAsync(
            async () => (await host.Storage.Queue(QueueStepList.Webhooks).GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
            "the webhook queue to drain");
}
