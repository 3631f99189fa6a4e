using System.Net;
using System.Text.Json.Nodes;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Faults;

/// <summary>Storage took a write and its answer was lost on the way back; the Azure SDK sends the write again.</summary>
[Drill]
public sealed class LostAnswerTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_ticket_whose_insert_answer_was_lost_is_still_accepted_once_surveyed_once_and_counted_once()
    {
        await using var relay = LostAnswerRelay.InFrontOfTables(azurite.ConnectionString);
        await using var sendGrid = await SendGridStub.StartAsync();
        string prefix = "";
        await using var host = await PipelineHost.StartAsync(relay.ConnectionString, sendGrid, settings => prefix = settings["Csat:StoragePrefix"]!);

        relay.LoseNextAnswerTo($"POST /devstoreaccount1/{prefix}Surveys?");
        using var first = await host.SendTicketAsync(PipelineHost.Ticket("T-LOST", "lost@example.org"));
        using var again = await host.SendTicketAsync(PipelineHost.Ticket("T-LOST", "lost@example.org"));

        Assert.Equal(1, relay.Lost);
        Assert.Equal((HttpStatusCode.Accepted, "accepted"), (first.StatusCode, JsonNode.Parse(await first.Content.ReadAsStringAsync())!["status"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.OK, "duplicate"), (again.StatusCode, JsonNode.Parse(await again.Content.ReadAsStringAsync())!["status"]!.GetValue<string>()));
        await sendGrid.WaitForAsync(1);
        await host.WaitForQueueDrainedAsync();
        Assert.Single(sendGrid.Received);
        var window = (await host.RefreshScoreAsync())["windows"]!["allTime"]!;
        Assert.Equal(1, window["surveyed"]!.GetValue<int>());
    }
}
