using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace CsatFunctions.Helpdesks.HaloPsa;

/// <summary>
/// The bearer token of Halo's OAuth client credentials flow: <c>POST {base}/auth/token</c> (the
/// authorisation server beside the resource server <c>{base}/api</c>) with
/// <c>grant_type=client_credentials</c>, <c>client_id</c>, <c>client_secret</c> and <c>scope=all</c>.
/// One token is fetched and reused until shortly before its <c>expires_in</c>, by every call at once.
/// </summary>
public sealed class HaloPsaToken
{
    /// <summary>A token this close to its expiry is replaced, so a call never starts with one about to lapse.</summary>
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(1);

    /// <summary>Halo's tokens last an hour unless it says otherwise.</summary>
    private const int DefaultLifetimeSeconds = 3600;

    private readonly SemaphoreSlim fetching = new(1, 1);
    private Cached? cached;

    /// <exception cref="HelpdeskApiException">The authorisation server refused the client's credentials, or failed.</exception>
    public async Task<string> GetAsync(HelpdeskCall call, CancellationToken cancellationToken)
    {
        var key = KeyOf(call.Config);
        if (Fresh(key, call.Time) is { } token)
        {
            return token;
        }

        await fetching.WaitAsync(cancellationToken);
        try
        {
            return Fresh(key, call.Time) ?? await FetchAsync(call, key, cancellationToken);
        }
        finally
        {
            fetching.Release();
        }
    }

    /// <summary>Drops <paramref name="token"/> after Halo refused it (401), so the next call fetches another.</summary>
    public void Forget(string token)
    {
        var current = cached;
        if (current?.Token == token)
        {
            Interlocked.CompareExchange(ref cached, null, current);
        }
    }

    /// <summary>The authorisation server's token endpoint: <c>ApiUrl</c>'s <c>/api</c> replaced by <c>/auth/token</c>.</summary>
    public static Uri TokenUrl(HelpdeskConfig config) => new(config.Url(ApiCredentials.ApiUrl)!, "../auth/token");

    private string? Fresh(string key, TimeProvider time) =>
        cached is { } current && current.Key == key && current.Until > time.GetUtcNow() ? current.Token : null;

    private async Task<string> FetchAsync(HelpdeskCall call, string key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenUrl(call.Config))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = call.Config[HaloPsaFormat.ClientId]!,
                ["client_secret"] = call.Config[HaloPsaFormat.ClientSecret]!,
                ["scope"] = "all",
            }),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var document = await call.ReadJsonAsync(request, cancellationToken)
            ?? throw new HelpdeskApiException(call.Config.Helpdesk, HttpStatusCode.NotFound, null);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || HelpdeskFormat.Text(root, "access_token") is not { } token)
        {
            // A 200 without a token is no answer to act on; like a 5xx it may pass.
            throw new HelpdeskApiException(call.Config.Helpdesk, HttpStatusCode.BadGateway, null);
        }

        var lifetime = root.TryGetProperty("expires_in", out var expires) && expires.TryGetInt32(out var seconds) && seconds > 0 ? seconds : DefaultLifetimeSeconds;
        cached = new Cached(key, token, call.Time.GetUtcNow() + TimeSpan.FromSeconds(lifetime) - RenewBefore);
        return token;
    }

    /// <summary>A token is for one site and one client: a changed configuration never reuses another's.</summary>
    private static string KeyOf(HelpdeskConfig config) => $"{config.Url(ApiCredentials.ApiUrl)}\n{config[HaloPsaFormat.ClientId]}";

    private sealed record Cached(string Key, string Token, DateTimeOffset Until);
}
