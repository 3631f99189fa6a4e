using System.Net;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Web;

/// <summary>Per-client budgets on the two routes anyone can call.</summary>
public sealed class RateLimitTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Csat:WebhookRequestsPerMinute"] = "3";
        settings["Csat:RatingPostsPerMinute"] = "2";
    }

    [Fact]
    public async Task A_client_over_its_webhook_budget_gets_429_with_retry_after_and_others_are_unaffected()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await Send(PipelineHost.Ticket($"T-{i}"), "203.0.113.1")).StatusCode);
        }

        using var refused = await Send(PipelineHost.Ticket("T-3"), "203.0.113.1");
        using var otherClient = await Send(PipelineHost.Ticket("T-4"), "203.0.113.2");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Accepted, otherClient.StatusCode);
    }

    [Fact]
    public async Task A_client_over_its_rating_budget_gets_a_friendly_429_page_and_nothing_is_recorded()
    {
        await Host.SendTicketAsync(PipelineHost.Ticket("T-R"));
        var mail = (await SendGrid.WaitForAsync(1))[0];
        var path = SurveyMail.PostPathFor(mail);

        (await Rate(path, "excellent")).Dispose();
        (await Rate(path, "satisfactory")).Dispose();
        using var refused = await Rate(path, "unsatisfactory");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Please wait a moment", await refused.Content.ReadAsStringAsync());
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("Satisfactory", await (await Host.Http.GetAsync(SurveyMail.LinkFor(mail, "excellent").Split('?')[0])).Content.ReadAsStringAsync());
    }

    private async Task<HttpResponseMessage> Send(string ticket, string client)
    {
        using var request = PipelineHost.SignedTicket(ticket);
        request.Headers.Add("X-Forwarded-For", client);
        return await Host.Http.SendAsync(request);
    }

    private Task<HttpResponseMessage> Rate(string path, string rating) =>
        Host.Http.PostAsync(path, new FormUrlEncodedContent([new("rating", rating)]));
}
