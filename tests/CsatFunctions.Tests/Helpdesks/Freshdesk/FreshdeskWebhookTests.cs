using System.Net;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Helpdesks.Freshdesk;

/// <summary>Freshdesk automation webhooks, as the helpdesk sends them.</summary>
public sealed class FreshdeskWebhookTests(AzuriteFixture azurite) : HelpdeskTest(azurite)
{
    [Fact]
    public async Task A_resolved_freshdesk_ticket_needs_the_shared_secret_header()
    {
        using var missing = await Freshdesk(Fixture("Freshdesk", "freshdesk-resolved.json"), secret: null);
        using var accepted = await Freshdesk(Fixture("Freshdesk", "freshdesk-resolved.json"), secret: FreshdeskSecret);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("Chat", (await Stored("freshdesk", "1042"))!.Channel);
    }

    private Task<HttpResponseMessage> Freshdesk(string body, string? secret) =>
        secret is null ? Post("freshdesk", body) : Post("freshdesk", body, ("X-Csat-Secret", secret));
}
