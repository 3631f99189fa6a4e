using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Web;

/// <summary>The routes that anyone on the internet can call often enough to matter.</summary>
public enum RateLimitedRoute
{
    Webhook,
    RatingPost,
}

/// <summary>
/// Per-client request budgets for the webhook and the rating POST, per process (each instance
/// counts its own). A client over its budget gets 429 with Retry-After; helpdesks retry on that.
/// </summary>
public sealed class ClientRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string>? webhook;
    private readonly PartitionedRateLimiter<string>? ratingPost;

    public ClientRateLimits(CsatOptions options)
    {
        webhook = Create(options.WebhookRequestsPerMinute);
        ratingPost = Create(options.RatingPostsPerMinute);
    }

    /// <returns>Null when the request may go ahead; otherwise how long the client should wait.</returns>
    public TimeSpan? TryAcquire(RateLimitedRoute route, HttpRequest request)
    {
        var limiter = route switch
        {
            RateLimitedRoute.Webhook => webhook,
            _ => ratingPost,
        };
        if (limiter is null)
        {
            return null;
        }

        using var lease = limiter.AttemptAcquire(ClientOf(request));
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
    }

    public static IResult TooMany(TimeSpan wait) => new HeaderResult(
        Results.Problem("Too many requests from this client; retry after the time in Retry-After.", statusCode: StatusCodes.Status429TooManyRequests),
        ("Retry-After", Seconds(wait)));

    public static string Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        webhook?.Dispose();
        ratingPost?.Dispose();
    }

    /// <summary>
    /// The client's address, as the host's forwarded-headers middleware resolved it: the Functions
    /// worker trusts its host on loopback, the self-host the proxies in <c>SelfHost__TrustedProxies</c>.
    /// </summary>
    public static string ClientOf(HttpRequest request) =>
        request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static PartitionedRateLimiter<string>? Create(int perMinute) => perMinute <= 0
        ? null
        : PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = Math.Max(1, perMinute / 60),
            ReplenishmentPeriod = TimeSpan.FromSeconds(perMinute >= 60 ? 1 : 60.0 / perMinute),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}
