using System.Security.Cryptography;
using System.Text;

namespace CsatFunctions.Tickets;

/// <summary>
/// A Standard Webhooks secret (<c>whsec_</c> + base64 of 24..64 random bytes). It signs and
/// verifies <c>v1</c> signatures; the key bytes never leave this class.
/// </summary>
public sealed class WebhookSecret
{
    private const string Prefix = "whsec_";
    private readonly byte[] key;

    private WebhookSecret(byte[] key) => this.key = key;

    public static bool TryParse(string? value, out WebhookSecret? secret)
    {
        secret = null;
        if (value is null || !value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(value[Prefix.Length..]);
        }
        catch (FormatException)
        {
            return false;
        }

        if (key.Length is < 24 or > 64)
        {
            return false;
        }

        secret = new WebhookSecret(key);
        return true;
    }

    /// <summary>The <c>webhook-signature</c> value for a delivery: <c>v1,</c> + base64 HMAC-SHA256.</summary>
    public string Sign(string webhookId, long timestamp, ReadOnlySpan<byte> body) =>
        "v1," + Convert.ToBase64String(Mac(webhookId, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), body));

    /// <summary>
    /// True when any of the space-separated <c>v1,</c> signatures matches. Comparison is constant-time
    /// so a caller cannot learn the signature byte by byte.
    /// </summary>
    public bool Matches(string webhookId, string timestamp, ReadOnlySpan<byte> body, string signatureHeader)
    {
        var expected = Mac(webhookId, timestamp, body);
        var matched = false;
        foreach (var candidate in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!candidate.StartsWith("v1,", StringComparison.Ordinal))
            {
                continue;
            }

            var given = new byte[expected.Length];
            if (Convert.TryFromBase64String(candidate[3..], given, out var written) && written == expected.Length)
            {
                matched |= CryptographicOperations.FixedTimeEquals(given, expected);
            }
        }

        return matched;
    }

    private byte[] Mac(string webhookId, string timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
