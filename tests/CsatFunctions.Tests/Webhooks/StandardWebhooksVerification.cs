using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CsatFunctions.Tests.Webhooks;

/// <summary>
/// A receiver's verification written from the Standard Webhooks specification alone
/// (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md),
/// not from the project's signer: the secret is <c>whsec_</c> + base64, the signed content is
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>, HMAC-SHA256 with the decoded secret, and the
/// header lists space-separated <c>v1,{base64}</c> signatures; the timestamp must be recent.
/// </summary>
public static class StandardWebhooksVerification
{
    public static bool Verifies(string secret, ReceivedWebhook received, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(received.Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance
            || received.Id.Contains('.', StringComparison.Ordinal))
        {
            return false;
        }

        var signed = Encoding.UTF8.GetBytes($"{received.Id}.{received.Timestamp}.").Concat(received.Body).ToArray();
        var expected = HMACSHA256.HashData(Convert.FromBase64String(secret["whsec_".Length..]), signed);
        return received.Signature.Split(' ').Select(signature => signature.Split(',', 2)).Any(parts =>
            parts is ["v1", var value] && CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(value), expected));
    }
}
