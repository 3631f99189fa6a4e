using System.Globalization;
using System.Net.Http.Headers;

namespace CsatFunctions.Surveys;

/// <summary>
/// When to try SendGrid again after it throttled us (429), failed (5xx) or could not be reached:
/// doubling from <see cref="CsatOptions.SendRetryDelay"/> up to an hour, never sooner than SendGrid's
/// own Retry-After or X-RateLimit-Reset, for <see cref="MaxAttempts"/> attempts (about three hours at
/// the default delay). After that the message fails into the queue's retries and then its poison queue.
/// </summary>
public static class SendRetryPolicy
{
    public const int MaxAttempts = 10;

    private static readonly TimeSpan MaxDelay = TimeSpan.FromHours(1);

    /// <param name="attempt">The attempt that just failed, counting from 1.</param>
    /// <returns>How long to wait, or null when the attempts are used up.</returns>
    public static TimeSpan? NextDelay(int attempt, TimeSpan baseDelay, HttpResponseHeaders? headers, DateTimeOffset now)
    {
        if (attempt >= MaxAttempts)
        {
            return null;
        }

        var backOff = TimeSpan.FromTicks(Math.Min(baseDelay.Ticks * (1L << Math.Min(attempt - 1, 20)), MaxDelay.Ticks));
        var asked = SendGridAsked(headers, now);
        return asked > backOff ? TimeSpan.FromTicks(Math.Min(asked.Ticks, MaxDelay.Ticks)) : backOff;
    }

    private static TimeSpan SendGridAsked(HttpResponseHeaders? headers, DateTimeOffset now)
    {
        if (headers?.RetryAfter is { } retryAfter)
        {
            return retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : TimeSpan.Zero);
        }

        if (headers is not null && headers.TryGetValues("X-RateLimit-Reset", out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var reset))
        {
            return DateTimeOffset.FromUnixTimeSeconds(reset) - now;
        }

        return TimeSpan.Zero;
    }
}
