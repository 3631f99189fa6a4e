using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Tickets;

/// <summary>Checks the Standard Webhooks headers of one delivery against the raw body.</summary>
public static class WebhookSignature
{
    /// <summary>Deliveries stamped further than this from our clock are refused, which bounds replays.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <returns>Null when the delivery is authentic; otherwise why it is refused, safe to show the sender.</returns>
    public static string? Check(WebhookSecret secret, IHeaderDictionary headers, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        string id = headers["webhook-id"].ToString();
        string timestamp = headers["webhook-timestamp"].ToString();
        string signature = headers["webhook-signature"].ToString();
        if (id.Length == 0 || timestamp.Length == 0 || signature.Length == 0)
        {
            return "The webhook-id, webhook-timestamp and webhook-signature headers are all required.";
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return "The webhook-timestamp header must be unix seconds.";
        }

        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance)
        {
            return "The webhook-timestamp is more than 5 minutes from the current time.";
        }

        return secret.Matches(id, timestamp, body, signature)
            ? null
            : "No webhook-signature matches the body under the configured secret.";
    }
}
