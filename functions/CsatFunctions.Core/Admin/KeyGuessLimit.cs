using System.Threading.RateLimiting;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Admin;

/// <summary>
/// Failed attempts at the admin or viewer key per client and process, wherever a key is given: as a
/// bearer header on any admin route or in the desk's sign-in form. A client that has used up its
/// budget is answered 429 before its key is even compared, so a right guess then gains nothing; a
/// client that gives the right key spends nothing, so scripts are never slowed.
/// </summary>
public sealed class KeyGuessLimit : IDisposable
{
    /// <summary>Enough for a person who mistypes; far too few to guess a key.</summary>
    public const int FailuresPerMinute = 10;

    /// <summary>
    /// A fixed window, not a token bucket: the bucket refills in fractions, so asking it whether a
    /// whole failure is left (zero permits) would answer yes when the next failure is refused.
    /// </summary>
    private readonly PartitionedRateLimiter<string> failures =
        PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = FailuresPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <returns>The 429 answer when the client has no failures left; null when its key may be compared.</returns>
    public IResult? Refusal(HttpRequest request)
    {
        // Zero permits asks whether any are left without spending one.
        using var lease = failures.AttemptAcquire(ClientRateLimits.ClientOf(request), 0);
        return lease.IsAcquired ? null : ClientRateLimits.TooMany(lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1));
    }

    /// <summary>Spends one of the client's failures: it gave a key that is neither the admin nor the viewer key.</summary>
    public void Failed(HttpRequest request) =>
        failures.AttemptAcquire(ClientRateLimits.ClientOf(request)).Dispose();

    public void Dispose() => failures.Dispose();
}
