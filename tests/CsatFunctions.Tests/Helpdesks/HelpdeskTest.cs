using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Helpdesks;

/// <summary>
/// A helpdesk's webhook as the helpdesk meets it, with deliveries built from the vendor's documented
/// payloads (each helpdesk's fixtures sit in its folder). Every helpdesk is configured by the
/// convention, Csat__Helpdesks__{name}__Secret
/// (HaloPSA by its Basic authentication's User and Password).
/// </summary>
public abstract class HelpdeskTest(AzuriteFixture azurite) : PipelineTest(azurite)
{
    public const string ZendeskSecret = "zendesk-signing-secret-0123456789";
    public const string HelpScoutSecret = "helpscout-secret-key-0123456789";
    public const string JiraSecret = "jira-webhook-secret-0123456789";
    public const string FreshdeskSecret = "freshdesk-shared-secret-0123456789";
    public const string ZammadSecret = "zammad-signature-token-0123456789";
    public const string HaloPsaUser = "csat-webhook";
    public const string HaloPsaPassword = "halopsa-basic-password-0123456789";
    public const string FreshserviceSecret = "freshservice-shared-secret-0123456789";

    private readonly AdvancingClock delayClock = new();

    /// <summary>
    /// A reopen test class (<c>Csat__SendDelay</c> set) runs its host on a clock it can move past the
    /// delay, with messages that wake often enough to see it, so <see cref="AssertCancelledByReopenAsync"/>
    /// can show that the cancelled survey's message, once due, sends nothing.
    /// </summary>
    protected virtual bool WaitsOutSendDelay => false;

    protected override TimeProvider? Clock => WaitsOutSendDelay ? delayClock : null;

    protected override TimeSpan? LongestQueueDelay => WaitsOutSendDelay ? TimeSpan.FromMilliseconds(300) : null;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Csat:Helpdesks:zendesk:Secret"] = ZendeskSecret;
        settings["Csat:Helpdesks:helpscout:Secret"] = HelpScoutSecret;
        settings["Csat:Helpdesks:jira:Secret"] = JiraSecret;
        settings["Csat:Helpdesks:freshdesk:Secret"] = FreshdeskSecret;
        settings["Csat:Helpdesks:zammad:Secret"] = ZammadSecret;
        settings["Csat:Helpdesks:halopsa:User"] = HaloPsaUser;
        settings["Csat:Helpdesks:halopsa:Password"] = HaloPsaPassword;
        settings["Csat:Helpdesks:freshservice:Secret"] = FreshserviceSecret;
    }

    protected static string Fixture(string helpdesk, string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Helpdesks", helpdesk, "Fixtures", name));

    protected static async Task<JsonNode> Json(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    protected async Task<HttpResponseMessage> Post(string helpdesk, string body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/resolved/{helpdesk}") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await Host.Http.SendAsync(request);
    }

    /// <summary>The ticket a helpdesk's format reads from a delivery, with that helpdesk's settings unset, as its route reads it.</summary>
    protected CsatFunctions.Tickets.TicketResolved? ReadBy(string helpdesk, string body) =>
        CsatFunctions.Helpdesks.HelpdeskFormats.Find(helpdesk)!
            .Read(new CsatFunctions.Helpdesks.HelpdeskConfig(helpdesk, new Dictionary<string, string>()), new Microsoft.AspNetCore.Http.HeaderDictionary(), Encoding.UTF8.GetBytes(body), Host.Clock.GetUtcNow())
            .Ticket;

    protected async Task<Survey?> Stored(string helpdesk, string ticketId) =>
        (await Host.Services.GetRequiredService<SurveysByTicket>().FindAsync(SurveysByTicket.KeyOf(helpdesk, ticketId), CancellationToken.None))?.SurveyId is { } id
            ? (await Host.Services.GetRequiredService<SurveyTable>().GetAsync(id, CancellationToken.None))?.Survey
            : null;

    /// <summary>
    /// A reopen cancelled the ticket's survey, and nothing is emailed: the host's clock is moved past
    /// Csat__SendDelay, and the survey's message, due then, is handled and sends nothing.
    /// </summary>
    protected async Task AssertCancelledByReopenAsync(string helpdesk, string ticketId)
    {
        Assert.True(WaitsOutSendDelay, "A reopen test class waits out the send delay on the host's clock.");
        var survey = (await Stored(helpdesk, ticketId))!;
        Assert.Equal((EmailState.Skipped, SkipReasons.Reopened), (survey.Email, survey.SkipReason));

        delayClock.Advance(Host.Services.GetRequiredService<CsatOptions>().SendRules.SendDelay + TimeSpan.FromMinutes(1));
        await Host.WaitForQueueDrainedAsync();
        Assert.Empty(SendGrid.Received);
    }
}
