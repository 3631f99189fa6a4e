using System.Net;
using System.Net.Http.Headers;
using CsatFunctions.Admin;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Desk;

/// <summary>Guessing the admin key: every admin route and the sign-in form share one budget of failed attempts per client.</summary>
public sealed class KeyGuessTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    [Fact]
    public async Task A_client_that_used_up_its_failed_attempts_as_bearer_keys_is_refused_even_with_the_right_key_and_others_are_not()
    {
        string[] routes = ["/api/admin/reports", "/api/admin/surveys/failed", "/api/admin/followups", "/api/admin/ratings"];
        for (var attempt = 0; attempt < KeyGuessLimit.FailuresPerMinute; attempt++)
        {
            using var wrong = await GetAsync(routes[attempt % routes.Length], $"guess-{attempt}", "203.0.113.7");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var limited = await GetAsync("/api/admin/reports", PipelineHost.AdminKey, "203.0.113.7");
        using var otherClient = await GetAsync("/api/admin/reports", PipelineHost.AdminKey, "203.0.113.8");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType!.MediaType);
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);
    }

    [Fact]
    public async Task The_right_key_spends_nothing_and_wrong_keys_at_sign_in_and_as_bearer_share_one_budget()
    {
        for (var call = 0; call < 2 * KeyGuessLimit.FailuresPerMinute; call++)
        {
            using var right = await GetAsync("/api/admin/reports", PipelineHost.AdminKey, "203.0.113.9");
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        }

        for (var attempt = 0; attempt < KeyGuessLimit.FailuresPerMinute; attempt++)
        {
            using var wrong = attempt % 2 == 0
                ? await GetAsync("/api/admin/reports", $"guess-{attempt}", "203.0.113.9")
                : await SignInAsync($"guess-{attempt}", "203.0.113.9");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var signIn = await SignInAsync(PipelineHost.AdminKey, "203.0.113.9");

        Assert.Equal(HttpStatusCode.TooManyRequests, signIn.StatusCode);
        Assert.NotNull(signIn.Headers.RetryAfter);
        Assert.False(signIn.Headers.Contains("Set-Cookie"));
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string key, string client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Add("X-Forwarded-For", client);
        return await Host.Http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> SignInAsync(string key, string client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/session") { Content = new FormUrlEncodedContent([new("key", key)]) };
        request.Headers.Add("X-Forwarded-For", client);
        request.Headers.Accept.ParseAdd("application/json");
        return await Host.Http.SendAsync(request);
    }
}
