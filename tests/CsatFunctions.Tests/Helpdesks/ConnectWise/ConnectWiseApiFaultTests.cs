using System.Net;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Helpdesks.ConnectWise;

/// <summary>
/// ConnectWise gives a callback 5 seconds: it is answered whatever its API is doing, and the ticket is
/// read afterwards, through slowness, errors, throttling and an outage.
/// </summary>
public sealed class ConnectWiseApiFaultTests(AzuriteFixture azurite) : ConnectWiseTest(azurite)
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);

        // Two queue retries after the back-off's attempts, so an outage reaches the poison queue quickly.
        settings["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "2";
    }

    [Fact]
    public async Task A_slow_api_does_not_slow_the_answer_and_the_survey_follows()
    {
        await WarmSigningKeyAsync();
        (Api.Fault, Api.FaultCount) = (VendorFault.Slow, 1);

        using var response = await PostCallback(Callback("connectwise-callback-closed.json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.False(TicketAnswered.Task.IsCompleted, "The callback was answered only after the API answered the ticket read.");
        Assert.Equal("ann@example.org", SurveyMail.ToAddressOf(Assert.Single(await SendGrid.WaitForAsync(1))));
    }

    [Fact]
    public async Task A_key_url_too_slow_to_check_the_signature_in_time_is_answered_503_and_the_callback_sent_again_is_taken()
    {
        (Api.Fault, Api.FaultCount) = (VendorFault.Slow, 1);

        using var late = await PostCallback(Callback("connectwise-callback-closed.json"));
        using var retried = await PostCallback(Callback("connectwise-callback-closed.json"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, late.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(10), late.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        await SendGrid.WaitForAsync(1);
        Assert.Equal(1, TicketReads());
    }

    [Fact]
    public async Task Api_errors_are_retried_until_it_recovers()
    {
        await WarmSigningKeyAsync();
        (Api.Fault, Api.FaultCount) = (VendorFault.Failing, 2);

        using var response = await PostCallback(Callback("connectwise-callback-closed.json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await SendGrid.WaitForAsync(1);
        Assert.Equal(3, TicketReads());
    }

    [Fact]
    public async Task A_throttled_read_waits_out_the_retry_after_before_asking_again()
    {
        await WarmSigningKeyAsync();
        (Api.Fault, Api.FaultCount, Api.RetryAfterSeconds) = (VendorFault.RateLimited, 1, 2);

        using var response = await PostCallback(Callback("connectwise-callback-closed.json"));
        await SendGrid.WaitForAsync(1);

        var reads = Api.Timeline.Where(entry => entry.Request == $"GET {ApiPath}/service/tickets/1042").Select(entry => entry.At).ToList();
        Assert.Equal(2, reads.Count);
        Assert.True(reads[1] - reads[0] >= TimeSpan.FromSeconds(2), $"The read was repeated {reads[1] - reads[0]} after a 429 asking for 2 s.");
    }

    [Fact]
    public async Task An_api_that_stays_down_sends_the_look_up_to_the_poison_queue_and_its_replay_surveys_the_ticket()
    {
        await WarmSigningKeyAsync();
        Api.Fault = VendorFault.Down;

        using var response = await PostCallback(Callback("connectwise-callback-closed.json"));
        await Eventually.TrueAsync(async () => (await Lookups.Poison.GetPropertiesAsync()).Value.ApproximateMessagesCount == 1, "the look-up to reach the poison queue");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(SendRetryPolicy.MaxAttempts - 1 + 2, TicketReads());
        Assert.Equal(1, (await Host.AdminAsync(HttpMethod.Get, "/api/admin/surveys/failed"))["poisoned"]![QueueStepList.HelpdeskLookups]!.GetValue<int>());
        Assert.Null(await Stored("connectwise", "1042"));

        Api.Fault = VendorFault.None;
        var replay = await Host.AdminAsync(HttpMethod.Post, $"/api/admin/{QueueStepList.HelpdeskLookups}/poison/replay");

        Assert.Equal(1, replay["replayed"]!.GetValue<int>());
        Assert.Equal("ann@example.org", SurveyMail.ToAddressOf(Assert.Single(await SendGrid.WaitForAsync(1))));
    }
}
