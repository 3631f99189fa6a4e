using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Consent;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using CsatFunctions.Surveys.Delivery;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Surveys;

/// <summary><c>POST /api/sendgrid/events</c> through the real HTTP pipeline: its answers, and what the events change.</summary>
public sealed class DeliveryEventsTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    [Fact]
    public async Task A_verified_batch_is_taken_in_and_anything_unsigned_or_not_an_array_is_refused_with_problem_json()
    {
        using var verified = await Host.PostEventsAsync(SendGridEvents.Batch(SendGridEvents.Event("delivered", SurveyId.New(), "ann@example.org", Host.Clock.GetUtcNow())));
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Equal(1, JsonNode.Parse(await verified.Content.ReadAsStringAsync())!["received"]!.GetValue<int>());

        var body = SendGridEvents.Batch(SendGridEvents.Event("delivered", SurveyId.New(), "ann@example.org", Host.Clock.GetUtcNow()));
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var wrongKey = await Host.Http.SendAsync(SendGridEvents.Signed(body, Host.Clock.GetUtcNow(), otherKey));
        using var unsigned = await Host.Http.PostAsync("/api/sendgrid/events", new ByteArrayContent(body));
        var tampered = SendGridEvents.Signed(body, Host.Clock.GetUtcNow());
        tampered.Content = new ByteArrayContent([.. body.Take(body.Length - 1), (byte)' ', (byte)']']);
        using var tamperedAnswer = await Host.Http.SendAsync(tampered);
        foreach (var refused in new[] { wrongKey, unsigned, tamperedAnswer })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        }

        foreach (var notAnArray in new[] { "{\"event\":\"delivered\"}", "[{}", "", "[] []" })
        {
            using var answer = await Host.PostEventsAsync(Encoding.UTF8.GetBytes(notAnArray));
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task SendGrids_largest_batch_of_ten_thousand_events_is_taken_in_whole()
    {
        // Events of other mail sent through the same account: verified, taken in, and ignored.
        var events = Enumerable.Range(0, 10_000).Select(i => SendGridEvents.Event("delivered", "not-ours", $"n{i}@example.org", Host.Clock.GetUtcNow())).ToArray();
        foreach (var item in events)
        {
            item.Remove("survey_id");
        }

        using var answer = await Host.PostEventsAsync(SendGridEvents.Batch(events));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(10_000, JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["received"]!.GetValue<int>());
        await Host.WaitForEventsAppliedAsync();
    }

    [Fact]
    public async Task Without_the_verification_key_every_batch_is_refused()
    {
        await using var host = await PipelineHost.StartAsync(Azurite.ConnectionString, SendGrid, s => s["SendGrid:EventWebhookPublicKey"] = null);

        using var answer = await host.PostEventsAsync(SendGridEvents.Batch());

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Contains("SendGrid__EventWebhookPublicKey", await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_mailer_that_finds_an_expired_claim_sends_nothing_when_sendgrid_says_it_processed_the_email()
    {
        // Two surveys whose mailers died mid-send, claims long expired; SendGrid reports only the first processed.
        var table = Host.Services.GetRequiredService<SurveyTable>();
        var queue = Host.Services.GetRequiredService<JsonQueue<SurveyMessage>>();
        var processedAt = DateTimeOffset.FromUnixTimeSeconds(Host.Clock.GetUtcNow().AddMinutes(-10).ToUnixTimeSeconds());
        var abandoned = new[] { "T-PROCESSED", "T-LOST" }.Select(ticket => new Survey(
            SurveyId.New(), "generic", ticket, $"{ticket.ToLowerInvariant()}@example.org", null, null, null, null, Host.Clock.GetUtcNow().AddMinutes(-15), Host.Clock.GetUtcNow().AddMinutes(-15))
        {
            Email = EmailState.Sending,
        }).ToList();
        foreach (var survey in abandoned)
        {
            Assert.True(await table.TryInsertAsync(survey, CancellationToken.None));
        }

        using var events = await Host.PostEventsAsync(SendGridEvents.Batch(SendGridEvents.Event("processed", abandoned[0].Id, abandoned[0].CustomerEmail!, processedAt)));
        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        await Host.WaitForEventsAppliedAsync();
        foreach (var survey in abandoned)
        {
            await queue.EnqueueAsync(new SurveyMessage(survey.Id), null, CancellationToken.None);
        }

        var mail = Assert.Single(await SendGrid.WaitForAsync(1));
        await Host.WaitForQueueDrainedAsync();
        Assert.Equal(abandoned[1].Id, SurveyMail.SurveyIdOf(mail));
        Assert.Single(SendGrid.Received);
        var recorded = (await table.GetAsync(abandoned[0].Id, CancellationToken.None))!.Survey;
        Assert.Equal((EmailState.Sent, processedAt), (recorded.Email, recorded.SentAt));
    }

    [Fact]
    public async Task A_spam_report_suppresses_the_address_once_and_the_same_event_again_does_not_undo_the_team_lifting_it()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(PipelineHost.Ticket("T-1", "gus@example.org"))).StatusCode);
        var id = SurveyMail.SurveyIdOf((await SendGrid.WaitForAsync(1))[0]);
        var report = SendGridEvents.Batch(SendGridEvents.Event("spamreport", id, "gus@example.org", Host.Clock.GetUtcNow(), eventId: "spam-1"));
        var customers = Host.Services.GetRequiredService<CustomerRegistry>();

        (await Host.PostEventsAsync(report)).Dispose();
        await Host.WaitForEventsAppliedAsync();
        Assert.Equal("spamreport", (await customers.GetAsync("gus@example.org", CancellationToken.None)).SuppressedBecause);

        using var lift = new HttpRequestMessage(HttpMethod.Delete, "/api/admin/suppressions/gus@example.org");
        lift.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", PipelineHost.AdminKey);
        Assert.Equal(HttpStatusCode.NoContent, (await Host.Http.SendAsync(lift)).StatusCode);
        Assert.Null((await customers.GetAsync("gus@example.org", CancellationToken.None)).SuppressedBecause);

        // SendGrid posts the very same event again (a retry): it was applied once, and stays applied once.
        (await Host.PostEventsAsync(report)).Dispose();
        await Host.WaitForEventsAppliedAsync();
        Assert.Null((await customers.GetAsync("gus@example.org", CancellationToken.None)).SuppressedBecause);

        // A new report is a new event.
        (await Host.PostEventsAsync(SendGridEvents.Batch(SendGridEvents.Event("unsubscribe", id, "gus@example.org", Host.Clock.GetUtcNow(), eventId: "unsub-1")))).Dispose();
        await Host.WaitForEventsAppliedAsync();
        Assert.Equal("unsubscribe", (await customers.GetAsync("gus@example.org", CancellationToken.None)).SuppressedBecause);
    }

    [Fact]
    public async Task A_soft_bounce_or_a_drop_for_another_reason_makes_the_survey_undeliverable_without_suppressing_the_address()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(PipelineHost.Ticket("T-1", "hal@example.org"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(PipelineHost.Ticket("T-2", "ida@example.org"))).StatusCode);
        var ids = (await SendGrid.WaitForAsync(2)).ToDictionary(SurveyMail.ToAddressOf, SurveyMail.SurveyIdOf);
        var blocked = SendGridEvents.Bounce(ids["hal@example.org"], "hal@example.org", Host.Clock.GetUtcNow());
        blocked["type"] = "blocked";

        // The team's alert email about a survey carries its id too; its hard bounce says nothing of the customer.
        var alertBounce = SendGridEvents.Bounce(ids["ida@example.org"], "lead@example.org", Host.Clock.GetUtcNow());
        alertBounce["kind"] = "alert";
        (await Host.PostEventsAsync(SendGridEvents.Batch(alertBounce))).Dispose();

        (await Host.PostEventsAsync(SendGridEvents.Batch(blocked, SendGridEvents.Dropped(ids["ida@example.org"], "ida@example.org", Host.Clock.GetUtcNow(), "Invalid SMTPAPI header")))).Dispose();
        await Host.WaitForEventsAppliedAsync();

        var customers = Host.Services.GetRequiredService<CustomerRegistry>();
        Assert.Null((await customers.GetAsync("hal@example.org", CancellationToken.None)).SuppressedBecause);
        Assert.Null((await customers.GetAsync("ida@example.org", CancellationToken.None)).SuppressedBecause);
        var table = Host.Services.GetRequiredService<SurveyTable>();
        Assert.StartsWith("bounce: blocked: 550 5.1.1", (await table.GetAsync(ids["hal@example.org"], CancellationToken.None))!.Survey.UndeliverableBecause);
        Assert.Equal("dropped: Invalid SMTPAPI header", (await table.GetAsync(ids["ida@example.org"], CancellationToken.None))!.Survey.UndeliverableBecause);
        Assert.Equal(2, (await Host.RefreshScoreAsync())["windows"]!["allTime"]!["undeliverable"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_batch_that_kept_failing_is_counted_for_the_team_and_applied_when_replayed()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(PipelineHost.Ticket("T-1", "jo@example.org"))).StatusCode);
        var id = SurveyMail.SurveyIdOf((await SendGrid.WaitForAsync(1))[0]);

        // As the queue leaves a batch whose handler failed five times: stored, its message in the poison queue.
        var name = await Host.Services.GetRequiredService<DeliveryEventBatches>().StoreAsync(SendGridEvents.Batch(SendGridEvents.Event("delivered", id, "jo@example.org", Host.Clock.GetUtcNow())), CancellationToken.None);
        var queue = Host.Services.GetRequiredService<JsonQueue<DeliveryEventsMessage>>();
        await queue.Poison.SendMessageAsync(JsonQueue<DeliveryEventsMessage>.Write(new DeliveryEventsMessage(name)));
        Assert.Equal(1, (await Host.AdminAsync(HttpMethod.Get, "/api/admin/surveys/failed"))["poisonedDeliveryEvents"]!.GetValue<int>());

        Assert.Equal(1, (await Host.AdminAsync(HttpMethod.Post, "/api/admin/delivery-events/poison/replay"))["replayed"]!.GetValue<int>());
        await Host.WaitForEventsAppliedAsync();

        Assert.Equal(1, (await Host.RefreshScoreAsync())["windows"]!["allTime"]!["delivered"]!.GetValue<int>());
        Assert.Equal(0, (await Host.AdminAsync(HttpMethod.Get, "/api/admin/surveys/failed"))["poisonedDeliveryEvents"]!.GetValue<int>());
    }
}
