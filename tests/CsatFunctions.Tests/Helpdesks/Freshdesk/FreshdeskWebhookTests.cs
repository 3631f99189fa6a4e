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

    [Fact]
    public async Task A_freshdesk_ticket_whose_status_is_rendered_in_another_language_is_counted_and_the_documented_literal_reopened_is_a_reopen()
    {
        using var translated = await Freshdesk(Fixture("Freshdesk", "freshdesk-resolved.json").Replace("\"Resolved\"", "\"Gelöst\"", StringComparison.Ordinal), secret: FreshdeskSecret);
        using var reopened = await Freshdesk(Fixture("Freshdesk", "freshdesk-resolved.json").Replace("\"Resolved\"", "\"reopened\"", StringComparison.Ordinal), secret: FreshdeskSecret);

        Assert.Equal(HttpStatusCode.Accepted, translated.StatusCode);
        Assert.Equal("bob@example.org", (await Stored("freshdesk", "1042"))!.CustomerEmail);
        Assert.Equal((HttpStatusCode.OK, "ignored"), (reopened.StatusCode, (await Json(reopened))["status"]!.GetValue<string>()));
    }

    private Task<HttpResponseMessage> Freshdesk(string body, string? secret) =>
        secret is null ? Post("freshdesk", body) : Post("freshdesk", body, ("X-Csat-Secret", secret));
}
