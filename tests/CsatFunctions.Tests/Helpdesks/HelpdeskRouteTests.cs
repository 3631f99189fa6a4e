using System.Net;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Helpdesks;

/// <summary>The helpdesk route itself: one survey source per helpdesk, and clear refusals.</summary>
public sealed class HelpdeskRouteTests(AzuriteFixture azurite) : HelpdeskTest(azurite)
{
    [Fact]
    public async Task The_same_ticket_number_in_two_helpdesks_is_two_surveys()
    {
        var body = """{"ticketId":"1042","customer":{"email":"same@example.org"},"status":"resolved"}""";

        using var fromFreshdesk = await Freshdesk(body, FreshdeskSecret);
        using var fromZendesk = await Zendesk(body.Replace("resolved", "solved", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Accepted, fromFreshdesk.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, fromZendesk.StatusCode);
    }

    [Fact]
    public async Task An_unknown_helpdesk_is_404_and_an_unconfigured_one_names_its_setting()
    {
        using var unknown = await Host.Http.PostAsync("/api/tickets/resolved/kayako", new StringContent("{}"));
        await using var bare = await PipelineHost.StartAsync(Azurite.ConnectionString, SendGrid);
        using var unconfigured = await bare.Http.PostAsync("/api/tickets/resolved/jira", new StringContent("{}"));
        using var zammad = await bare.Http.PostAsync("/api/tickets/resolved/zammad", new StringContent("{}"));
        using var halo = await bare.Http.PostAsync("/api/tickets/resolved/halopsa", new StringContent("{}"));
        using var freshservice = await bare.Http.PostAsync("/api/tickets/resolved/freshservice", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains(string.Join(", ", CsatFunctions.Helpdesks.HelpdeskFormats.All.Select(format => format.Name)), (await Json(unknown))["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, unconfigured.StatusCode);
        Assert.Contains("Csat__Helpdesks__jira__Secret", (await Json(unconfigured))["detail"]!.GetValue<string>());
        Assert.Contains("Csat__Helpdesks__zammad__Secret", (await Json(zammad))["detail"]!.GetValue<string>());
        Assert.Contains("Csat__Helpdesks__halopsa__User and Csat__Helpdesks__halopsa__Password are configured", (await Json(halo))["detail"]!.GetValue<string>());
        Assert.Contains("Csat__Helpdesks__freshservice__Secret", (await Json(freshservice))["detail"]!.GetValue<string>());
        Assert.All([zammad, halo, freshservice], response => Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode));
    }

    private Task<HttpResponseMessage> Zendesk(string body) =>
        Post("zendesk", body, CsatFunctions.Tests.Helpdesks.Zendesk.ZendeskWebhookTests.Signed(body, ZendeskSecret, Host.Clock.GetUtcNow(), Guid.NewGuid().ToString("N")));

    private Task<HttpResponseMessage> Freshdesk(string body, string secret) => Post("freshdesk", body, ("X-Csat-Secret", secret));
}
