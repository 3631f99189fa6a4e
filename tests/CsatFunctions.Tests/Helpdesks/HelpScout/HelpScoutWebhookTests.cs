using System.Net;
using System.Security.Cryptography;
using System.Text;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Helpdesks.HelpScout;

/// <summary>Help Scout webhooks, as the helpdesk sends them.</summary>
public sealed class HelpScoutWebhookTests(AzuriteFixture azurite) : HelpdeskTest(azurite)
{
    [Theory]
    [InlineData("helpscout-closed-v2.json", "123", "rob@acme.com", "Rob Robertovic", "Mr Robot", "phone")]
    [InlineData("helpscout-closed-legacy.json", "2391938111", "vbear@mywork.com", "Vernon Bear", "Jack Sprout", "email")]
    public async Task A_closed_help_scout_conversation_is_surveyed_in_either_payload_shape(string fixture, string id, string email, string name, string agent, string channel)
    {
        using var response = await HelpScout(Fixture("HelpScout", fixture));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var survey = await Stored("helpscout", id);
        Assert.Equal((email, name, agent, channel), (survey!.CustomerEmail, survey.CustomerName, survey.Agent, survey.Channel));
    }

    [Fact]
    public async Task A_ten_character_help_scout_secret_as_in_its_own_example_works_and_is_warned_about_without_echoing_it()
    {
        var logs = new CsatFunctions.Tests.SelfHost.SecretExposureTests.LogCapture();
        await using var host = await PipelineHost.StartAsync(Azurite.ConnectionString, SendGrid, settings => settings["Csat:HelpScoutSecret"] = "hs-secret1", logging: logs);
        var body = Fixture("HelpScout", "helpscout-closed-v2.json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets/resolved/helpscout") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-HelpScout-Signature", Convert.ToBase64String(HMACSHA1.HashData("hs-secret1"u8, Encoding.UTF8.GetBytes(body))));
        request.Headers.Add("X-HelpScout-Event", "convo.status");

        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Contains("Csat__HelpScoutSecret is shorter than 16 characters", logs.Text);
        Assert.DoesNotContain("hs-secret1", logs.Text);
    }

    [Fact]
    public async Task Other_help_scout_events_and_forged_ones_survey_nothing()
    {
        using var active = await HelpScout(Fixture("HelpScout", "helpscout-active.json"));
        using var otherEvent = await HelpScout(Fixture("HelpScout", "helpscout-closed-v2.json"), eventName: "convo.assigned");
        using var forged = await HelpScout(Fixture("HelpScout", "helpscout-closed-v2.json"), secret: "not-the-help-scout-secret");

        Assert.Equal("ignored", (await Json(active))["status"]!.GetValue<string>());
        Assert.Equal("ignored", (await Json(otherEvent))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Null(await Stored("helpscout", "123"));
    }

    private Task<HttpResponseMessage> HelpScout(string body, string eventName = "convo.status", string secret = HelpScoutSecret) =>
        Post("helpscout", body, ("X-HelpScout-Signature", Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)))), ("X-HelpScout-Event", eventName));
}
