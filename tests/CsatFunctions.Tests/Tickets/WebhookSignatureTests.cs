using System.Text;
using CsatFunctions.Tickets;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Tests.Tickets;

public sealed class WebhookSignatureTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"ticketId":"T-1","customer":{"email":"ann@example.org"}}""");

    [Fact]
    public void Known_vector_from_the_standard_webhooks_spec_verifies()
    {
        // The example in the Standard Webhooks specification, signed by its reference libraries.
        Assert.True(WebhookSecret.TryParse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", out var secret));
        var headers = new HeaderDictionary
        {
            ["webhook-id"] = "msg_p5jXN8AQM9LWM0D4loKWxJek",
            ["webhook-timestamp"] = "1614265330",
            ["webhook-signature"] = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        };

        var refusal = WebhookSignature.Check(secret!, headers, Encoding.UTF8.GetBytes("""{"test": 2432232314}"""), DateTimeOffset.FromUnixTimeSeconds(1614265330));

        Assert.Null(refusal);
    }

    [Fact]
    public void A_correct_signature_is_accepted_among_several_for_key_rotation()
    {
        var secret = Secret();
        var other = Secret(seed: 2);
        var headers = Headers("msg_1", Now, $"{other.Sign("msg_1", Now.ToUnixTimeSeconds(), Body)} v2,ignored {secret.Sign("msg_1", Now.ToUnixTimeSeconds(), Body)}");

        Assert.Null(WebhookSignature.Check(secret, headers, Body, Now));
    }

    [Fact]
    public void A_changed_body_is_refused()
    {
        var secret = Secret();
        var headers = Headers("msg_1", Now, secret.Sign("msg_1", Now.ToUnixTimeSeconds(), Body));
        var tampered = Encoding.UTF8.GetBytes("""{"ticketId":"T-2","customer":{"email":"ann@example.org"}}""");

        Assert.Contains("No webhook-signature matches", WebhookSignature.Check(secret, headers, tampered, Now));
    }

    [Fact]
    public void A_signature_made_with_another_secret_is_refused()
    {
        var headers = Headers("msg_1", Now, Secret(seed: 3).Sign("msg_1", Now.ToUnixTimeSeconds(), Body));

        Assert.NotNull(WebhookSignature.Check(Secret(), headers, Body, Now));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void Timestamps_more_than_five_minutes_off_are_refused(int offsetSeconds)
    {
        var secret = Secret();
        var signedAt = Now.AddSeconds(offsetSeconds);
        var headers = Headers("msg_1", signedAt, secret.Sign("msg_1", signedAt.ToUnixTimeSeconds(), Body));

        Assert.Contains("more than 5 minutes", WebhookSignature.Check(secret, headers, Body, Now));
    }

    [Fact]
    public void A_timestamp_just_inside_the_tolerance_is_accepted()
    {
        var secret = Secret();
        var signedAt = Now.AddSeconds(-299);
        var headers = Headers("msg_1", signedAt, secret.Sign("msg_1", signedAt.ToUnixTimeSeconds(), Body));

        Assert.Null(WebhookSignature.Check(secret, headers, Body, Now));
    }

    [Theory]
    [InlineData("webhook-id")]
    [InlineData("webhook-timestamp")]
    [InlineData("webhook-signature")]
    public void Each_header_is_required(string missing)
    {
        var secret = Secret();
        var headers = Headers("msg_1", Now, secret.Sign("msg_1", Now.ToUnixTimeSeconds(), Body));
        headers.Remove(missing);

        Assert.Contains("headers are all required", WebhookSignature.Check(secret, headers, Body, Now));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999999")]
    public void A_timestamp_that_is_not_unix_seconds_is_refused(string timestamp)
    {
        var headers = Headers("msg_1", Now, "v1,AAAA");
        headers["webhook-timestamp"] = timestamp;

        Assert.Contains("unix seconds", WebhookSignature.Check(Secret(), headers, Body, Now));
    }

    [Theory]
    [InlineData("")]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [InlineData("whsec_not-base64!")]
    [InlineData("whsec_c2hvcnQ=")]
    public void Malformed_secrets_are_not_accepted(string text) =>
        Assert.False(WebhookSecret.TryParse(text, out _));

    private static WebhookSecret Secret(int seed = 1)
    {
        var key = Enumerable.Range(0, 32).Select(i => (byte)(i * seed + seed)).ToArray();
        Assert.True(WebhookSecret.TryParse("whsec_" + Convert.ToBase64String(key), out var secret));
        return secret!;
    }

    private static HeaderDictionary Headers(string id, DateTimeOffset signedAt, string signature) => new()
    {
        ["webhook-id"] = id,
        ["webhook-timestamp"] = signedAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["webhook-signature"] = signature,
    };
}
