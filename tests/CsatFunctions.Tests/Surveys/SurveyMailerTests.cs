using System.Text.Json.Nodes;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Surveys;

/// <summary>The queue step through the self-host's queue listener: exactly one email, retries, poison.</summary>
public sealed class SurveyMailerTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private SendGridStub sendGrid = null!;

    public async ValueTask InitializeAsync() => sendGrid = await SendGridStub.StartAsync();

    public async ValueTask DisposeAsync() => await sendGrid.DisposeAsync();

    [Fact]
    public async Task A_redelivered_message_for_a_sent_survey_sends_nothing()
    {
        await using var host = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid);
        await host.SendTicketAsync(PipelineHost.Ticket("T-1"));
        var surveyId = SurveyMail.SurveyIdOf((await sendGrid.WaitForAsync(1))[0]);
        await host.WaitForQueueDrainedAsync();

        var queue = host.SurveyQueue;
        await queue.EnqueueAsync(new SurveyMessage(surveyId), null, CancellationToken.None);
        await queue.EnqueueAsync(new SurveyMessage(surveyId), null, CancellationToken.None);
        await host.WaitForQueueDrainedAsync();

        Assert.Single(sendGrid.Received);
    }

    [Fact]
    public async Task Many_messages_for_one_survey_at_once_send_one_email()
    {
        await using var host = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid);
        var now = host.Clock.GetUtcNow();
        var survey = new Survey(SurveyId.New(), "generic", "T-MANY", "ann@example.org", null, null, null, null, now, now);
        await host.Services.GetRequiredService<SurveyTable>().TryInsertAsync(survey, CancellationToken.None);

        var queue = host.SurveyQueue;
        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => queue.EnqueueAsync(new SurveyMessage(survey.Id), null, CancellationToken.None)));
        await sendGrid.WaitForAsync(1);
        await host.WaitForQueueDrainedAsync();

        Assert.Single(sendGrid.Received);
        Assert.Equal(EmailState.Sent, (await Stored(host, survey.Id)).Email);
    }

    [Fact]
    public async Task SendGrid_failing_through_every_back_off_and_queue_retry_ends_in_the_poison_queue_with_the_survey_still_pending()
    {
        sendGrid.Respond = () => (503, """{"errors":[{"message":"try later"}]}""");
        await using var host = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, s => s["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "3");

        await host.SendTicketAsync(PipelineHost.Ticket("T-POISON"));
        var poisoned = await host.ReceivePoisonedAsync();

        // Nine back-off attempts (no delay under the test host.json), then the last message's three queue retries.
        Assert.Equal(SendRetryPolicy.MaxAttempts - 1 + 3, sendGrid.Received.Count);
        Assert.Equal($$"""{"surveyId":"{{await host.Services.SurveyIdOfAsync("T-POISON")}}","attempt":{{SendRetryPolicy.MaxAttempts - 1}}}""", poisoned);
        var survey = await Stored(host, await host.Services.SurveyIdOfAsync("T-POISON"));
        Assert.Equal(EmailState.Pending, survey.Email);
        Assert.StartsWith("SendGrid answered 503", survey.SendFailure);
        Assert.Equal(0, (await host.SurveyQueue.Client.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Once_SendGrid_is_back_an_operator_replays_the_poison_queue_and_the_survey_goes_out_once()
    {
        sendGrid.Respond = () => (500, "");
        await using var host = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, s => s["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "1");
        await host.SendTicketAsync(PipelineHost.Ticket("T-REPLAY"));
        await Eventually.TrueAsync(
            async () => (await host.SurveyQueue.Poison.GetPropertiesAsync()).Value.ApproximateMessagesCount == 1,
            "the message to reach the poison queue");
        Assert.Equal(1, (await host.AdminAsync(HttpMethod.Get, "/api/admin/surveys/failed"))["poisonedMessages"]!.GetValue<int>());

        // Kept until replayed, however long the outage: storage's default time-to-live would drop it after 7 days.
        var poisoned = Assert.Single((await host.SurveyQueue.Poison.PeekMessagesAsync()).Value);
        Assert.True(poisoned.ExpiresOn - poisoned.InsertedOn > TimeSpan.FromDays(365), $"inserted {poisoned.InsertedOn:O}, expires {poisoned.ExpiresOn:O}");
        var failedSends = sendGrid.Received.Count;

        sendGrid.Respond = () => (202, "");
        var replay = await host.AdminAsync(HttpMethod.Post, "/api/admin/surveys/poison/replay");
        await sendGrid.WaitForAsync(failedSends + 1);
        await host.WaitForQueueDrainedAsync();

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"replayed":1,"unreadable":0}"""), replay));
        Assert.Equal(failedSends + 1, sendGrid.Received.Count);
        Assert.Equal(EmailState.Sent, (await Stored(host, await host.Services.SurveyIdOfAsync("T-REPLAY"))).Email);
        Assert.Equal(0, (await host.SurveyQueue.Poison.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task A_transient_SendGrid_failure_is_retried_and_delivered_once_it_recovers()
    {
        var calls = 0;
        sendGrid.Respond = () => Interlocked.Increment(ref calls) == 1 ? (429, "") : (202, "");
        await using var host = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid);

        await host.SendTicketAsync(PipelineHost.Ticket("T-429"));
        await sendGrid.WaitForAsync(2);
        await host.WaitForQueueDrainedAsync();

        Assert.Equal(2, sendGrid.Received.Count);
        Assert.Equal(EmailState.Sent, (await Stored(host, await host.Services.SurveyIdOfAsync("T-429"))).Email);
    }

    [Fact]
    public async Task SendGrids_retry_after_is_waited_out_before_the_next_attempt()
    {
        var calls = 0;
        sendGrid.RetryAfterSeconds = 3;
        sendGrid.Respond = () => Interlocked.Increment(ref calls) == 1 ? (429, "") : (202, "");
        await using var host = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid);

        await host.SendTicketAsync(PipelineHost.Ticket("T-WAIT"));
        var received = await sendGrid.WaitForAsync(2);

        // The test host retries at once (visibilityTimeout 0), so only SendGrid's Retry-After can make it wait.
        Assert.True(received[1].ArrivedAfter - received[0].ArrivedAfter >= TimeSpan.FromSeconds(2.9), $"retried after {received[1].ArrivedAfter - received[0].ArrivedAfter}");
        await host.WaitForQueueDrainedAsync();
        Assert.Equal(EmailState.Sent, (await Stored(host, await host.Services.SurveyIdOfAsync("T-WAIT"))).Email);
    }

    [Fact]
    public async Task An_unreachable_SendGrid_is_retried_and_the_survey_goes_out_once_it_answers()
    {
        var calls = 0;
        sendGrid.Respond = () => Interlocked.Increment(ref calls) <= 2 ? (0, "") : (202, "");
        await using var host = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid);

        await host.SendTicketAsync(PipelineHost.Ticket("T-UNREACHABLE"));
        await sendGrid.WaitForAsync(3);
        await host.WaitForQueueDrainedAsync();

        Assert.Equal(3, sendGrid.Received.Count);
        var survey = await Stored(host, await host.Services.SurveyIdOfAsync("T-UNREACHABLE"));
        Assert.Equal((EmailState.Sent, null), (survey.Email, survey.SendFailure));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    public async Task A_refused_email_is_marked_failed_with_the_reason_and_not_retried(int status)
    {
        sendGrid.Respond = () => (status, """{"errors":[{"message":"Does not contain a valid address.","field":"personalizations.0.to"}]}""");
        await using var host = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid);

        await host.SendTicketAsync(PipelineHost.Ticket("T-BAD"));
        await sendGrid.WaitForAsync(1);
        await host.WaitForQueueDrainedAsync();

        Assert.Single(sendGrid.Received);
        var survey = await Stored(host, await host.Services.SurveyIdOfAsync("T-BAD"));
        Assert.Equal(EmailState.Failed, survey.Email);
        Assert.Contains("Does not contain a valid address.", survey.SendFailure);

        // The operator's view: which ticket, and SendGrid's own words.
        var failed = await host.AdminAsync(HttpMethod.Get, "/api/admin/surveys/failed");
        var entry = Assert.Single(failed["failed"]!.AsArray())!;
        Assert.Equal(survey.Id, entry["surveyId"]!.GetValue<string>());
        Assert.Equal("T-BAD", entry["ticketId"]!.GetValue<string>());
        Assert.Contains($"SendGrid answered {status}", entry["reason"]!.GetValue<string>());
        Assert.Equal(0, failed["poisonedMessages"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_message_that_is_not_json_ends_in_the_poison_queue()
    {
        await using var host = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, s => s["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "2");

        await host.SurveyQueue.Client.SendMessageAsync("not json");
        await Eventually.TrueAsync(
            async () => (await host.SurveyQueue.Poison.GetPropertiesAsync()).Value.ApproximateMessagesCount == 1,
            "the message to reach the poison queue");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"replayed":0,"unreadable":1}"""), await host.AdminAsync(HttpMethod.Post, "/api/admin/surveys/poison/replay")));
        Assert.Equal("not json", await host.ReceivePoisonedAsync());
        Assert.Empty(sendGrid.Received);
    }

    [Fact]
    public async Task Messages_are_base64_encoded_as_the_functions_queue_trigger_expects()
    {
        var storage = new CsatStorage(new StorageOptions { ConnectionString = azurite.ConnectionString, Prefix = AzuriteFixture.UniquePrefix() });
        var queue = new JsonQueue<SurveyMessage>(storage, QueueStepList.Surveys);
        await queue.CreateIfNotExistsAsync(CancellationToken.None);

        await queue.EnqueueAsync(new SurveyMessage("0123456789abcdef0123456789abcdef"), null, CancellationToken.None);

        var undecoded = new Azure.Storage.Queues.QueueClient(azurite.ConnectionString, $"{storage.Options.Prefix}-surveys");
        Assert.Equal(
            Convert.ToBase64String("""{"surveyId":"0123456789abcdef0123456789abcdef"}"""u8),
            (await undecoded.PeekMessageAsync()).Value.Body.ToString());
    }

    private static async Task<Survey> Stored(PipelineHost host, string surveyId) =>
        (await host.Services.GetRequiredService<SurveyTable>().GetAsync(surveyId, CancellationToken.None))!.Survey;
}
