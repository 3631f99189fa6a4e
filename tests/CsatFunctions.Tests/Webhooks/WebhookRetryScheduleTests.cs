using System.Net.Http.Headers;
using CsatFunctions.Webhooks;

namespace CsatFunctions.Tests.Webhooks;

/// <summary>The default schedule keeps trying for more than a day; a receiver's Retry-After is never cut short.</summary>
public sealed class WebhookRetryScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_default_schedule_tries_eight_times_over_more_than_24_hours()
    {
        var delays = WebhookOptions.DefaultRetryDelays;
        var waits = Enumerable.Range(1, delays.Count + 1).Select(attempt => WebhookRetrySchedule.NextDelay(delays, attempt, null, Now, jitter: 0)).ToList();

        Assert.Equal(
            [TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10), null],
            waits);
        Assert.Equal(new TimeSpan(1, 3, 35, 5), WebhookRetrySchedule.Span(delays));
        Assert.True(WebhookRetrySchedule.Span(delays) >= TimeSpan.FromHours(24));
    }

    [Fact]
    public void Jitter_stretches_a_wait_by_at_most_a_tenth_and_never_shortens_it()
    {
        var delays = WebhookOptions.DefaultRetryDelays;

        Assert.Equal(TimeSpan.FromHours(2), WebhookRetrySchedule.NextDelay(delays, 4, null, Now, jitter: 0));
        Assert.Equal(TimeSpan.FromHours(2.2), WebhookRetrySchedule.NextDelay(delays, 4, null, Now, jitter: 1));
    }

    [Fact]
    public void A_retry_after_longer_than_the_schedule_is_waited_out_up_to_a_day()
    {
        var delays = WebhookOptions.DefaultRetryDelays;

        Assert.Equal(TimeSpan.FromSeconds(120), WebhookRetrySchedule.NextDelay(delays, 1, new RetryConditionHeaderValue(TimeSpan.FromSeconds(120)), Now, 0));
        Assert.Equal(TimeSpan.FromMinutes(10), WebhookRetrySchedule.NextDelay(delays, 1, new RetryConditionHeaderValue(Now.AddMinutes(10)), Now, 0));
        Assert.Equal(TimeSpan.FromMinutes(5), WebhookRetrySchedule.NextDelay(delays, 2, new RetryConditionHeaderValue(TimeSpan.FromSeconds(1)), Now, 0));
        Assert.Equal(TimeSpan.FromDays(1), WebhookRetrySchedule.NextDelay(delays, 1, new RetryConditionHeaderValue(TimeSpan.FromDays(30)), Now, 0));
    }
}
