using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Surveys.Delivery;

/// <summary>
/// SendGrid's signed Event Webhook: an ECDSA P-256 signature (DER, base64) over SHA-256 of the
/// timestamp header followed by the raw body, checked with the public key SendGrid shows. The key is
/// public, so nothing here is secret and no comparison needs to be constant-time; the signature
/// check itself is .NET's ECDSA verification.
/// </summary>
public sealed class EventWebhookKey
{
    public const string SignatureHeader = "X-Twilio-Email-Event-Webhook-Signature";
    public const string TimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp";

    /// <summary>
    /// A batch stamped further than this from our clock is refused, which bounds replays. SendGrid
    /// signs each attempt when it makes it; it publishes no tolerance, so this allows for clock skew
    /// and slow networks generously, as its retries run for 24 hours anyway.
    /// </summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(10);

    private readonly byte[] subjectPublicKeyInfo;

    private EventWebhookKey(byte[] subjectPublicKeyInfo) => this.subjectPublicKeyInfo = subjectPublicKeyInfo;

    /// <summary>Reads the key as SendGrid shows it: base64 of a P-256 SubjectPublicKeyInfo.</summary>
    public static bool TryParse(string base64, out EventWebhookKey? key)
    {
        key = null;
        var bytes = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64.Trim(), bytes, out var written))
        {
            return false;
        }

        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(bytes.AsSpan(0, written), out var read);
            if (read != written || ecdsa.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                return false;
            }
        }
        catch (CryptographicException)
        {
            return false;
        }

        key = new EventWebhookKey(bytes[..written]);
        return true;
    }

    /// <returns>Null when the batch is authentic; otherwise why it is refused, safe to show the sender.</returns>
    public string? Check(IHeaderDictionary headers, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (Begin(headers, now, out var batch) is { } refusal)
        {
            return refusal;
        }

        using (batch)
        {
            batch!.Append(body);
            return batch.Refusal();
        }
    }

    /// <summary>
    /// Checks the headers, before any of the body is read; the body is then hashed as it arrives
    /// (<see cref="SignedBatch.Append"/>), so checking it holds none of it.
    /// </summary>
    /// <returns>Null, with the batch to hash the body into, when the headers are usable; otherwise why they are refused.</returns>
    public string? Begin(IHeaderDictionary headers, DateTimeOffset now, out SignedBatch? batch)
    {
        batch = null;
        var signature = headers[SignatureHeader].ToString();
        var timestamp = headers[TimestampHeader].ToString();
        if (signature.Length == 0 || timestamp.Length == 0)
        {
            return $"The {SignatureHeader} and {TimestampHeader} headers are both required: turn on the signed Event Webhook in SendGrid.";
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return $"The {TimestampHeader} header must be unix seconds.";
        }

        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance)
        {
            return $"The {TimestampHeader} is more than {Tolerance.TotalMinutes:0} minutes from the current time.";
        }

        var der = new byte[signature.Length];
        if (!Convert.TryFromBase64String(signature, der, out var derLength))
        {
            return $"The {SignatureHeader} header is not base64.";
        }

        // The timestamp header as sent goes first, then the body's bytes: what SendGrid signs.
        batch = new SignedBatch(subjectPublicKeyInfo, der[..derLength]);
        batch.Append(Encoding.UTF8.GetBytes(timestamp));
        return null;
    }
}
