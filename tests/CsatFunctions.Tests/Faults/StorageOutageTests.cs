using System.Net;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Faults;

public sealed class StorageOutageTests
{
    [Fact]
    public async Task While_storage_is_down_intake_answers_503_and_recovers_by_itself_when_it_returns()
    {
        var data = Directory.CreateTempSubdirectory("csat-azurite-");
        var storage = await AzuriteProcess.StartAsync(data.FullName);
        try
        {
            await using var sendGrid = await SendGridStub.StartAsync();
            await using var host = await PipelineHost.StartAsync(storage.ConnectionString, sendGrid);
            Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("T-BEFORE"))).StatusCode);
            await sendGrid.WaitForAsync(1);

            var ports = storage.Ports;
            await storage.StopAsync();
            using var down = await host.SendTicketAsync(PipelineHost.Ticket("T-DURING"));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Equal("application/problem+json", down.Content.Headers.ContentType!.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(10), down.Headers.RetryAfter!.Delta);

            // Storage comes back on the same address with its data; nothing is restarted on our side.
            storage = await AzuriteProcess.StartAsync(data.FullName, ports);
            using var retried = await host.SendTicketAsync(PipelineHost.Ticket("T-DURING"));

            Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
            var mails = await sendGrid.WaitForAsync(2);
            Assert.Equal(2, mails.Select(SurveyMail.SurveyIdOf).Distinct().Count());
            Assert.Equal(HttpStatusCode.OK, (await host.SendTicketAsync(PipelineHost.Ticket("T-BEFORE"))).StatusCode);
        }
        finally
        {
            await storage.DisposeAsync();
            data.Delete(recursive: true);
        }
    }
}
