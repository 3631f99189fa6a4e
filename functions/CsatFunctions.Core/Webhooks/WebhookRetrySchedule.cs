using System.Net.Http.Headers;

namespace CsatFunctions.Webhooks;

/// <summary>
/// When to try an endpoint again: the configured delay for the attempt that failed, stretched by up
/// to a tenth at random so that events failed together do not all come back together (Standard
/// Webhooks recommends jitter), and never sooner than the receiver's own <c>Retry-After</c> (a 429 or
/// 503 says how long to wait), up to a day. Null once the delays are used up.
/// </summary>
public static class WebhookRetrySchedule
{
    public const double MaxJitter = 0.1;

    /// <summary>A receiver asking for more than this is waited on for this long: the queue holds a message a week at most.</summary>
    public static readonly TimeSpan MostAsked = TimeSpan.FromDays(1);

    /// <param name="attempt">The attempt that just failed, counting from 1.</param>
    /// <param name="jitter">A number from 0 to 1 (a random one, or fixed in a test).</param>
    public static TimeSpan? NextDelay(IReadOnlyList<TimeSpan> delays, int attempt, RetryConditionHeaderValue? retryAfter, DateTimeOffset now, double jitter)
    {
        if (attempt > delays.Count)
        {
            return null;
        }

        var scheduled = delays[attempt - 1] * (1 + (MaxJitter * Math.Clamp(jitter, 0, 1)));
        var asked = retryAfter is null ? TimeSpan.Zero : retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : TimeSpan.Zero);
        return asked > scheduled ? (asked < MostAsked ? asked : MostAsked) : scheduled;
    }

    /// <summary>How long the schedule spans from the first attempt to the last, before jitter.</summary>
    public static TimeSpan Span(IReadOnlyList<TimeSpan> delays) => delays.Aggregate(TimeSpan.Zero, (sum, delay) => sum + delay);
}
