using System.Net;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.SelfHost;

/// <summary>Two self-hosts on one storage account, as behind a load balancer.</summary>
[Drill]
public sealed class TwoProcessTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Two_hosts_sharing_storage_send_each_survey_once_and_agree_on_the_score()
    {
        await using var sendGrid = await SendGridStub.StartAsync();
        var prefix = AzuriteFixture.UniquePrefix();
        await using var first = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, s => s["Csat:StoragePrefix"] = prefix);
        await using var second = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, s => s["Csat:StoragePrefix"] = prefix);

        // Every ticket is delivered to both hosts at once, as a helpdesk retrying through a load balancer might.
        var answers = await Task.WhenAll(Enumerable.Range(0, 30).SelectMany(i => new[]
        {
            first.SendTicketAsync(PipelineHost.Ticket($"T-{i}", $"c{i}@example.org")),
            second.SendTicketAsync(PipelineHost.Ticket($"T-{i}", $"c{i}@example.org")),
        }));
        Assert.Equal(30, answers.Count(a => a.StatusCode == HttpStatusCode.Accepted));
        Assert.Equal(30, answers.Count(a => a.StatusCode == HttpStatusCode.OK));

        await sendGrid.WaitForAsync(30);
        await first.WaitForQueueDrainedAsync();
        Assert.Equal(30, sendGrid.Received.Count);
        Assert.Equal(30, sendGrid.Received.Select(SurveyMail.SurveyIdOf).Distinct().Count());

        // Both refresh at once: the lease lets one run while the other waits its turn, and both answer.
        var refreshed = await Task.WhenAll(first.RefreshScoreAsync(), second.RefreshScoreAsync());
        Assert.All(refreshed, score => Assert.Equal(30, score["windows"]!["allTime"]!["surveyed"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_score_published_by_one_host_is_served_by_the_other_within_the_cache_time()
    {
        await using var sendGrid = await SendGridStub.StartAsync();
        var prefix = AzuriteFixture.UniquePrefix();
        void Configure(Dictionary<string, string?> settings)
        {
            settings["Csat:StoragePrefix"] = prefix;
            settings["Csat:ScoreCacheSeconds"] = "1";
        }

        await using var first = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, Configure);
        await using var second = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, Configure);
        using var before = await second.Http.GetAsync("/api/score");
        Assert.Equal(0, (await Surveyed(before)));

        Assert.Equal(HttpStatusCode.Accepted, (await first.SendTicketAsync(PipelineHost.Ticket("T-1"))).StatusCode);
        var published = await first.RefreshScoreAsync();

        // The publishing host serves it at once; the other notices on a request after its cache time.
        using var atOnce = await first.Http.GetAsync("/api/score");
        Assert.Equal(1, await Surveyed(atOnce));
        await Eventually.TrueAsync(
            async () =>
            {
                using var seen = await second.Http.GetAsync("/api/score");
                return await Surveyed(seen) == 1 && Equals(seen.Headers.ETag, atOnce.Headers.ETag);
            },
            "the second host to serve the new score",
            TimeSpan.FromSeconds(10));
        Assert.Equal(published["generatedAt"]!.GetValue<string>(), System.Text.Json.Nodes.JsonNode.Parse(await (await second.Http.GetAsync("/api/score")).Content.ReadAsStringAsync())!["generatedAt"]!.GetValue<string>());
    }

    private static async Task<int> Surveyed(HttpResponseMessage score) =>
        System.Text.Json.Nodes.JsonNode.Parse(await score.Content.ReadAsStringAsync())!["windows"]!["allTime"]!["surveyed"]!.GetValue<int>();
}
