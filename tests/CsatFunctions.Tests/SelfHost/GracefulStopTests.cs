using System.Net;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.SelfHost;

/// <summary>A stop lets the messages in flight finish: an email being sent is sent and recorded, not left to a lapsed claim.</summary>
public sealed class GracefulStopTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    [Fact]
    public async Task Stopping_while_an_email_is_on_its_way_finishes_it_and_records_it_sent()
    {
        SendGrid.Latency = TimeSpan.FromSeconds(2);
        Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(PipelineHost.Ticket("G-1", "gail@example.org"))).StatusCode);
        var surveys = Host.Services.GetRequiredService<SurveyTable>();
        var id = await Host.Services.SurveyIdOfAsync("G-1");
        await Eventually.TrueAsync(async () => (await surveys.GetAsync(id, CancellationToken.None))!.Survey.Email == EmailState.Sending, "the mailer to claim the send");

        await Host.StopAsync();

        Assert.Single(SendGrid.Received);
        Assert.Equal(EmailState.Sent, (await surveys.GetAsync(id, CancellationToken.None))!.Survey.Email);
    }
}
