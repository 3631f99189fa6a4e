using System.Net;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

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
        var stored = await Host.Services.GetRequiredService<SurveyTable>().GetAsync(SurveyMail.SurveyIdOf(mail), CancellationToken.None);
        Assert.Equal(Rating.Satisfactory, stored!.Survey.Rating);
    }

    [Fact]
    public async Task A_client_cannot_spend_another_clients_budget_by_forging_the_first_forwarded_address()
    {
        // A proxy appends the address it saw; the attacker wrote the victim's address before it.
        for (var i = 0; i < 4; i++)
        {
            (await Send(PipelineHost.Ticket($"T-ATTACK-{i}"), "203.0.113.1, 203.0.113.66")).Dispose();
        }

        using var victim = await Send(PipelineHost.Ticket("T-VICTIM"), "203.0.113.1");
        using var attacker = await Send(PipelineHost.Ticket("T-ATTACK-5"), "203.0.113.66");

        Assert.Equal(HttpStatusCode.Accepted, victim.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, attacker.StatusCode);
    }

    [Fact]
    public async Task Forwarded_addresses_count_only_from_the_configured_proxies()
    {
        // Loopback (where these requests come from) is not a configured proxy here, so the header is not believed.
        await using var host = await PipelineHost.StartAsync(Azurite.ConnectionString, SendGrid, settings =>
        {
            Configure(settings);
            settings["SelfHost:TrustedProxies"] = "10.0.0.5, 10.1.0.0/16";
        });
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await Send(host, PipelineHost.Ticket($"T-P-{i}"), $"203.0.113.{10 + i}")).StatusCode);
        }

        using var refused = await Send(host, PipelineHost.Ticket("T-P-3"), "203.0.113.99");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    private Task<HttpResponseMessage> Send(string ticket, string forwardedFor) => Send(Host, ticket, forwardedFor);

    private static async Task<HttpResponseMessage> Send(PipelineHost host, string ticket, string forwardedFor)
    {
        using var request = PipelineHost.SignedTicket(ticket, host.Clock.GetUtcNow());
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await host.Http.SendAsync(request);
    }

    private Task<HttpResponseMessage> Rate(string path, string rating) =>
        Host.Http.PostAsync(path, new FormUrlEncodedContent([new("rating", rating)]));
}
