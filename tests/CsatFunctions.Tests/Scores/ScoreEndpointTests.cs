using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Scores;

/// <summary>The public score as a company website fetches it, and the admin refresh.</summary>
public sealed class ScoreEndpointTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private PipelineHost host = null!;

    public async ValueTask InitializeAsync() => host = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid: null, s => s["SendGrid:ApiKey"] = "SG.unused");

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Before_the_first_aggregation_the_score_has_the_full_shape_with_zeros()
    {
        using var response = await host.Http.GetAsync("/api/score");
        var score = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, score["schemaVersion"]!.GetValue<int>());
        Assert.Equal("Example Hosting", score["company"]!.GetValue<string>());
        Assert.Equal(
            ["last7Days", "last30Days", "last90Days", "last365Days", "allTime"],
            score["windows"]!.AsObject().Select(w => w.Key));
        Assert.All(score["windows"]!.AsObject(), w => Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"surveyed":0,"rated":0,"excellent":0,"satisfactory":0,"unsatisfactory":0,"satisfactionPercent":null,"responseRatePercent":null,"notSurveyed":0,"delivered":0,"undeliverable":0,"responseRateOfDeliveredPercent":null,"reminded":0}"""),
            w.Value)));
        Assert.Equal(host.Clock.GetUtcNow().ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), score["monthly"]![0]!["month"]!.GetValue<string>());
    }

    [Fact]
    public async Task Any_website_may_fetch_it_and_cache_it_for_a_minute()
    {
        using var response = await host.Http.GetAsync("/api/score");

        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(TimeSpan.FromSeconds(60), response.Headers.CacheControl!.MaxAge);
        Assert.True(response.Headers.CacheControl.Public);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.False(response.Headers.ETag!.IsWeak);
    }

    [Fact]
    public async Task A_matching_if_none_match_gets_304_and_a_stale_one_gets_the_document()
    {
        var refreshed = await Refresh();
        var etag = refreshed.Headers.ETag!;

        using var current = await Get(etag.Tag);
        using var weak = await Get("W/" + etag.Tag);
        using var stale = await Get("\"something-else\"");

        Assert.Equal(HttpStatusCode.NotModified, current.StatusCode);
        Assert.Empty(await current.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, current.Headers.ETag);
        Assert.Equal("*", current.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(HttpStatusCode.NotModified, weak.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Equal(await refreshed.Content.ReadAsStringAsync(), await stale.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_admin_refresh_needs_the_admin_key()
    {
        using var none = await host.Http.PostAsync("/api/admin/score/refresh", null);
        using var wrong = await host.Http.SendAsync(RefreshRequest("not-the-key"));

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/admin/surveys/failed")]
    [InlineData("POST", "/api/admin/surveys/poison/replay")]
    public async Task Every_admin_route_needs_the_admin_key(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-key");

        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Without_an_admin_key_configured_the_admin_route_is_closed()
    {
        await using var closed = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid: null, s =>
        {
            s["SendGrid:ApiKey"] = "SG.unused";
            s["Csat:AdminKey"] = null;
        });

        using var response = await closed.Http.SendAsync(RefreshRequest(""));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Csat__AdminKey", await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpResponseMessage> Refresh()
    {
        var response = await host.Http.SendAsync(RefreshRequest(PipelineHost.AdminKey));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    private async Task<HttpResponseMessage> Get(string ifNoneMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/score");
        request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return await host.Http.SendAsync(request);
    }

    private static HttpRequestMessage RefreshRequest(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/score/refresh");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Length == 0 ? "x" : key);
        return request;
    }
}
