using System.Globalization;
using System.Security.Cryptography;
using CsatFunctions.Surveys.Delivery;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Tests.Surveys;

/// <summary>SendGrid's Event Webhook signature, checked with a key pair made in the test as SendGrid makes one.</summary>
public sealed class EventWebhookKeyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Body = SendGridEvents.Batch(SendGridEvents.Event("delivered", "0123456789abcdef0123456789abcdef", "ann@example.org", Now));

    private static EventWebhookKey Key => EventWebhookKey.TryParse(SendGridEvents.PublicKey, out var key) ? key! : throw new InvalidOperationException();

    [Fact]
    public void A_batch_signed_by_sendgrids_key_over_the_timestamp_and_body_verifies()
    {
        Assert.Null(Key.Check(Headers(Now, Body), Body, Now));
        Assert.Null(Key.Check(Headers(Now.AddMinutes(-9), Body), Body, Now));
    }

    [Fact]
    public void A_changed_body_another_key_or_a_signature_over_another_timestamp_is_refused()
    {
        byte[] tampered = [.. Body];
        tampered[Body.Length / 2] ^= 1;
        Assert.NotNull(Key.Check(Headers(Now, Body), tampered, Now));

        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.NotNull(Key.Check(Headers(Now, Body, key: other), Body, Now));

        var moved = Headers(Now, Body);
        moved[EventWebhookKey.TimestampHeader] = Stamp(Now.AddSeconds(1));
        Assert.Contains("does not match", Key.Check(moved, Body, Now));
    }

    [Fact]
    public void A_stale_future_missing_or_malformed_timestamp_is_refused()
    {
        Assert.Contains("more than 10 minutes", Key.Check(Headers(Now.AddMinutes(-11), Body), Body, Now));
        Assert.Contains("more than 10 minutes", Key.Check(Headers(Now.AddMinutes(11), Body), Body, Now));

        var missing = Headers(Now, Body);
        missing.Remove(EventWebhookKey.TimestampHeader);
        Assert.Contains("both required", Key.Check(missing, Body, Now));

        var words = Headers(Now, Body);
        words[EventWebhookKey.TimestampHeader] = "yesterday";
        Assert.Contains("unix seconds", Key.Check(words, Body, Now));
    }

    [Fact]
    public void Only_a_base64_der_signature_is_accepted()
    {
        // The same signature as r||s (IEEE P1363) rather than DER, a truncated DER, DER junk, not base64, none at all.
        var p1363 = Headers(Now, Body, format: DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var der = Convert.FromBase64String(Headers(Now, Body)[EventWebhookKey.SignatureHeader]!);
        var truncated = Headers(Now, Body);
        truncated[EventWebhookKey.SignatureHeader] = Convert.ToBase64String(der[..^3]);
        var junk = Headers(Now, Body);
        junk[EventWebhookKey.SignatureHeader] = Convert.ToBase64String([0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00]);
        var notBase64 = Headers(Now, Body);
        notBase64[EventWebhookKey.SignatureHeader] = "not base64!";
        var none = Headers(Now, Body);
        none.Remove(EventWebhookKey.SignatureHeader);

        foreach (var headers in new[] { p1363, truncated, junk, notBase64, none })
        {
            Assert.NotNull(Key.Check(headers, Body, Now));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64")]
    [InlineData("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE")]
    public void A_key_that_is_not_a_p256_public_key_is_not_read(string text) =>
        Assert.False(EventWebhookKey.TryParse(text, out _));

    [Fact]
    public void A_key_on_another_curve_is_not_read()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.False(EventWebhookKey.TryParse(Convert.ToBase64String(p384.ExportSubjectPublicKeyInfo()), out _));
    }

    private static HeaderDictionary Headers(DateTimeOffset signedAt, byte[] body, ECDsa? key = null, DSASignatureFormat format = DSASignatureFormat.Rfc3279DerSequence) => new()
    {
        [EventWebhookKey.TimestampHeader] = Stamp(signedAt),
        [EventWebhookKey.SignatureHeader] = SendGridEvents.Sign(Stamp(signedAt), body, key, format),
    };

    private static string Stamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
