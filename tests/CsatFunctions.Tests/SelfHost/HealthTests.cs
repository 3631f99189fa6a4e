using System.Net;
using System.Text.Json.Nodes;
using CsatFunctions.Storage;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.SelfHost;

/// <summary>Liveness and readiness, as a load balancer or an orchestrator asks for them.</summary>
public sealed class HealthTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    [Fact]
    public async Task A_serving_process_is_live_and_ready_when_storage_has_everything()
    {
        using var live = await Host.Http.GetAsync("/healthz");
        using var ready = await Host.Http.GetAsync("/readyz");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (live.StatusCode, ready.StatusCode));
        Assert.Equal("Healthy", JsonNode.Parse(await live.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
        var report = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
        Assert.Equal("Healthy", report["status"]!.GetValue<string>());
        Assert.Equal(["settings", "storage"], report["entries"]!.AsObject().Select(e => e.Key).Order());
        Assert.Equal("no-store", ready.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task A_missing_table_makes_the_process_not_ready_and_says_which_without_a_secret()
    {
        var storage = Host.Services.GetRequiredService<CsatStorage>();
        await storage.Table("Comments").DeleteAsync();

        using var ready = await Host.Http.GetAsync("/readyz");
        var text = await ready.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var storageEntry = JsonNode.Parse(text)!["entries"]!["storage"]!;
        Assert.Equal("Unhealthy", storageEntry["status"]!.GetValue<string>());
        Assert.Equal($"Missing from storage: {storage.Options.Prefix}Comments.", storageEntry["description"]!.GetValue<string>());
        Assert.DoesNotContain("AccountKey", text);
        Assert.DoesNotContain("devstoreaccount1", text);
        Assert.Equal(HttpStatusCode.OK, (await Host.Http.GetAsync("/healthz")).StatusCode);
    }
}
