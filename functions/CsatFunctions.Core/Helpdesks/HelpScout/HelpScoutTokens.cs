using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CsatFunctions.Helpdesks.HelpScout;

/// <summary>
/// Help Scout's OAuth2 Client Credentials flow, meant for internal integrations: the app's id and secret
/// are exchanged at <c>POST {ApiUrl}/v2/oauth2/token</c> (<c>grant_type=client_credentials</c>) for a
/// bearer token that lasts <c>expires_in</c> seconds (two days). One token is kept and reused until a
/// minute before it expires, or until the API refuses it (<see cref="Forget"/>), so a note costs no
/// token request of its own.
/// </summary>
public sealed class HelpScoutTokens
{
    /// <summary>Renewed this long before Help Scout's expiry, so a token is never sent in its last moments.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim gate = new(1, 1);
    private Token? held;

    /// <returns>A bearer token for the configured app, fetched only when none is held for it or it is about to expire.</returns>
    /// <exception cref="HelpdeskApiException">Help Scout refused the app's credentials (401) or failed.</exception>
    public async Task<string> GetAsync(HelpdeskCall call, CancellationToken cancellationToken)
    {
        var app = AppOf(call.Config);
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (held is { } token && token.App == app && call.Time.GetUtcNow() < token.Until)
            {
                return token.Value;
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(HelpScoutNotes.ApiOf(call.Config), "v2/oauth2/token"))
            {
                Content = new FormUrlEncodedContent(
                [
                    new("grant_type", "client_credentials"),
                    new("client_id", call.Config[HelpScoutNotes.ClientId] ?? ""),
                    new("client_secret", call.Config[HelpScoutNotes.ClientSecret] ?? ""),
                ]),
            };
            using var answer = await call.ReadJsonAsync(request, cancellationToken)
                ?? throw new HelpdeskApiException(call.Config.Helpdesk, HttpStatusCode.NotFound, null);
            var root = answer.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("access_token", out var accessToken) || accessToken.GetString() is not { Length: > 0 } value
                || !root.TryGetProperty("expires_in", out var expiresIn) || !expiresIn.TryGetInt64(out var seconds))
            {
                throw new HelpdeskApiException(call.Config.Helpdesk, HttpStatusCode.BadGateway, null);
            }

            held = new Token(app, value, call.Time.GetUtcNow() + TimeSpan.FromSeconds(seconds) - Margin);
            return value;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Drops <paramref name="token"/> after the API refused it (revoked, or the app's secret changed), so the next call fetches another.</summary>
    public void Forget(string token)
    {
        var current = held;
        if (current?.Value == token)
        {
            Interlocked.CompareExchange(ref held, null, current);
        }
    }

    /// <summary>Which app a token belongs to: the API and the credentials, hashed so the secret is not kept beside the token in plain.</summary>
    private static string AppOf(HelpdeskConfig config) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{HelpScoutNotes.ApiOf(config)}\n{config[HelpScoutNotes.ClientId]}\n{config[HelpScoutNotes.ClientSecret]}")));

    private sealed record Token(string App, string Value, DateTimeOffset Until);
}
