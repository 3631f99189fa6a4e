using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CsatFunctions.Storage;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.SelfHost;

/// <summary>
/// What registering a queue step gives it, for every step in <see cref="QueueStepList"/>: a listener on
/// the self-host, its poison queue counted by <c>GET /api/admin/surveys/failed</c>, and the one replay route.
/// </summary>
public sealed class QueueStepsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private SendGridStub sendGrid = null!;

    public async ValueTask InitializeAsync() => sendGrid = await SendGridStub.StartAsync();

    public async ValueTask DisposeAsync() => await sendGrid.DisposeAsync();

    [Fact]
    public async Task Every_registered_queue_is_listened_to_and_its_poison_queue_is_counted_and_replayed_through_the_one_route()
    {
        await using var host = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, s => s["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "2");
        var steps = host.Services.GetRequiredService<QueueSteps>().All;
        Assert.Equal([QueueStepList.Surveys, QueueStepList.Reminders, QueueStepList.DeliveryEvents, QueueStepList.Alerts, QueueStepList.HelpdeskLookups, QueueStepList.Webhooks, QueueStepList.HelpdeskNotes, QueueStepList.AgentReviews], steps.Select(step => step.Name));

        // Only a listener moves a message it cannot read to the poison queue.
        foreach (var step in steps)
        {
            await step.Client.SendMessageAsync("not json");
        }

        foreach (var step in steps)
        {
            await Eventually.TrueAsync(
                async () => (await host.AdminAsync(HttpMethod.Get, "/api/admin/surveys/failed"))["poisoned"]![step.Name]!.GetValue<int>() == 1,
                $"the listener on {step.Name} to poison the message");
        }

        foreach (var step in steps)
        {
            var replay = await host.AdminAsync(HttpMethod.Post, $"/api/admin/{step.Name}/poison/replay");
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"replayed":0,"unreadable":1}"""), replay), $"{step.Name}: {replay}");
        }

        Assert.Empty(sendGrid.Received);
    }

    [Fact]
    public async Task The_replay_route_answers_404_for_a_queue_that_is_not_registered()
    {
        await using var host = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/campaigns/poison/replay");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PipelineHost.AdminKey);

        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
