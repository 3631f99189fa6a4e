using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CsatFunctions.Helpdesks.ConnectWise;

/// <summary>
/// ConnectWise signs each callback with a key it serves at the callback's <c>Metadata.key_url</c>
/// (<c>{"signing_key": "…"}</c>): <c>x-content-signature</c> = base64(HMAC-SHA256(SHA-256(key), body)).
/// The key URL comes from the request body, so only one at the configured origin is ever fetched;
/// the key is fetched within <see cref="FetchLimit"/>, so the callback is answered well inside
/// ConnectWise's 5 seconds, and kept per key URL for as long as the response's
/// <c>Cache-Control: max-age</c> says, or <see cref="DefaultLifetime"/> when it says nothing.
/// </summary>
public sealed class ConnectWiseSigningKeys
{
    /// <summary>Leaves three of ConnectWise's five seconds for everything else the callback's answer takes.</summary>
    public static readonly TimeSpan FetchLimit = TimeSpan.FromSeconds(2);

    /// <summary>
    /// ConnectWise documents no lifetime for a callback's key. An hour spares all but one callback an
    /// hour the round trip, and bounds how long a key ConnectWise has replaced is still trusted.
    /// </summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);

    /// <summary>A cached key that no longer verifies (ConnectWise replaced it) is fetched again, at most this often.</summary>
    private static readonly TimeSpan RefetchAfter = TimeSpan.FromMinutes(1);

    /// <summary>Key URLs are one per callback registration: a few in practice; the bound only stops growth.</summary>
    private const int MaxCached = 1000;

    private readonly ConcurrentDictionary<string, CachedKey> cache = new(StringComparer.Ordinal);

    /// <returns>Null when <paramref name="signature"/> is the body's; otherwise why it is refused, or that the key could not be had.</returns>
    public async ValueTask<HelpdeskRefusal?> VerifyAsync(HelpdeskCall call, Uri keyUrl, string signature, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var now = call.Time.GetUtcNow();
        var cacheKey = keyUrl.AbsoluteUri;
        if (cache.TryGetValue(cacheKey, out var cached) && cached.Until > now)
        {
            if (Signs(cached.HmacKey, body, signature))
            {
                return null;
            }

            if (now - cached.FetchedAt < RefetchAfter)
            {
                return NotSigned;
            }
        }

        var (fetched, refusal) = await FetchAsync(call, keyUrl, cancellationToken);
        if (fetched is null)
        {
            return refusal;
        }

        if (fetched.Until > now)
        {
            if (cache.Count >= MaxCached && cache.MinBy(entry => entry.Value.FetchedAt) is { Key: { } oldest })
            {
                // The oldest goes, not all: a flood of made-up key URLs must not evict the real one with it.
                cache.TryRemove(oldest, out _);
            }

            cache[cacheKey] = fetched;
        }

        return Signs(fetched.HmacKey, body, signature) ? null : NotSigned;
    }

    private static HelpdeskRefusal NotSigned => HelpdeskRefusal.NotAuthentic("The x-content-signature does not match the body under the callback's signing key.");

    private static async Task<(CachedKey? Key, HelpdeskRefusal? Refusal)> FetchAsync(HelpdeskCall call, Uri keyUrl, CancellationToken cancellationToken)
    {
        var unavailable = HelpdeskRefusal.Unavailable($"ConnectWise's signing key could not be fetched within {FetchLimit.TotalSeconds:0} seconds, so the callback cannot be checked; it was not accepted and may be sent again.");
        using var limit = new CancellationTokenSource(FetchLimit, call.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, cancellationToken);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, keyUrl);
            using var response = await call.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if ((int)response.StatusCode is >= 400 and < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                return (null, HelpdeskRefusal.NotAuthentic($"The callback's key URL answered {(int)response.StatusCode}: it serves no signing key."));
            }

            if (!response.IsSuccessStatusCode)
            {
                return (null, unavailable);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(linked.Token);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: linked.Token);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("signing_key", out var key)
                || key.ValueKind != JsonValueKind.String
                || key.GetString() is not { Length: > 0 } text)
            {
                return (null, HelpdeskRefusal.NotAuthentic("The callback's key URL gave no signing_key."));
            }

            var now = call.Time.GetUtcNow();
            var cacheControl = response.Headers.CacheControl;
            var lifetime = cacheControl is { NoStore: true } or { NoCache: true } ? TimeSpan.Zero : cacheControl?.MaxAge ?? DefaultLifetime;
            return (new CachedKey(SHA256.HashData(Encoding.UTF8.GetBytes(text)), now, now + lifetime), null);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (null, unavailable);
        }
    }

    private static bool Signs(byte[] hmacKey, ReadOnlyMemory<byte> body, string signature)
    {
        var expected = HMACSHA256.HashData(hmacKey, body.Span);
        var given = new byte[expected.Length];
        return Convert.TryFromBase64String(signature.Trim(), given, out var written)
            && written == expected.Length
            && CryptographicOperations.FixedTimeEquals(given, expected);
    }

    /// <param name="HmacKey">SHA-256 of the signing key, which is what ConnectWise keys its HMAC with.</param>
    private sealed record CachedKey(byte[] HmacKey, DateTimeOffset FetchedAt, DateTimeOffset Until);
}
