using System.Net.Http.Headers;
using CsatFunctions.Surveys;

namespace CsatFunctions.Tests.Surveys;

public sealed class SendRetryPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(30);

    [Fact]
    public void Back_off_doubles_from_the_base_delay_up_to_an_hour()
    {
        var delays = Enumerable.Range(1, SendRetryPolicy.MaxAttempts - 1).Select(a => SendRetryPolicy.NextDelay(a, Base, null, Now)!.Value.TotalSeconds);

        Assert.Equal([30, 60, 120, 240, 480, 960, 1920, 3600, 3600], delays);
    }

    [Fact]
    public void After_the_last_attempt_there_is_no_further_back_off() =>
        Assert.Null(SendRetryPolicy.NextDelay(SendRetryPolicy.MaxAttempts, Base, null, Now));

    [Fact]
    public void A_longer_retry_after_from_SendGrid_is_honoured()
    {
        var headers = Headers();
        headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(90));

        Assert.Equal(TimeSpan.FromSeconds(90), SendRetryPolicy.NextDelay(1, Base, headers, Now));
    }

    [Fact]
    public void A_shorter_retry_after_does_not_shorten_the_back_off()
    {
        var headers = Headers();
        headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.FromSeconds(60), SendRetryPolicy.NextDelay(2, Base, headers, Now));
    }

    [Fact]
    public void The_rate_limit_reset_time_is_honoured()
    {
        var headers = Headers();
        headers.Add("X-RateLimit-Reset", Now.AddMinutes(4).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(TimeSpan.FromMinutes(4), SendRetryPolicy.NextDelay(1, Base, headers, Now));
    }

    [Fact]
    public void A_far_away_reset_is_capped_at_an_hour()
    {
        var headers = Headers();
        headers.RetryAfter = new RetryConditionHeaderValue(Now.AddDays(2));

        Assert.Equal(TimeSpan.FromHours(1), SendRetryPolicy.NextDelay(1, Base, headers, Now));
    }

    private static HttpResponseHeaders Headers() => new HttpResponseMessage().Headers;
}
