using System.Net;
using System.Text.Json.Nodes;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.SelfHost;

/// <summary>Development without a SendGrid key: the real client posts to the self-host's own sink.</summary>
public sealed class DevMailSinkTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task In_development_sent_surveys_appear_in_the_outbox_as_sendgrid_received_them()
    {
        await using var host = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid: null, environment: "Development");

        await host.SendTicketAsync(PipelineHost.Ticket("T-DEV", "dev@example.org", subject: "Disk full"));
        JsonArray outbox = [];
        await Eventually.TrueAsync(
            async () => (outbox = JsonNode.Parse(await host.Http.GetStringAsync("/dev/outbox.json"))!.AsArray()).Count == 1,
            "the survey in the dev outbox");

        var mail = new ReceivedMail(outbox[0]!.ToJsonString(), null);
        Assert.Equal("dev@example.org", SurveyMail.ToAddressOf(mail));
        var page = await host.Http.GetStringAsync("/dev/outbox");
        Assert.Contains("How did we do? Disk full", page);
        Assert.Contains($"<a href=\"{PipelineHost.PublicBaseUrl}{SurveyMail.LinkFor(mail, "excellent")}\">", page);
    }

    [Fact]
    public async Task Outside_development_there_is_no_dev_route()
    {
        await using var host = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid: null, s => s["SendGrid:ApiKey"] = "SG.unused");

        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/dev/outbox")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/dev/outbox.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.PostAsync("/dev/sendgrid/v3/mail/send", new StringContent("{}"))).StatusCode);
    }
}
