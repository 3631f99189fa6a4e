using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CsatFunctions.Surveys;

public enum LinkStatus
{
    Valid,

    /// <summary>Malformed, signed by no key we hold, or altered: nothing in it can be trusted.</summary>
    Tampered,

    /// <summary>Authentic but past its expiry.</summary>
    Expired,
}

public sealed record LinkCheck(LinkStatus Status, string? SurveyId);

/// <summary>
/// The token in a rating link: <c>{keyId}.{surveyId}.{expiresUnix}.{signature}</c>, where the
/// signature is HMAC-SHA256 over the other three. It names the survey, not the rating, so one token
/// serves all three one-click links and the customer may change their mind.
/// </summary>
public sealed class RatingLink(LinkSigningKeys keys)
{
    public string CreateToken(string surveyId, DateTimeOffset expiresAt)
    {
        var expires = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"{keys.CurrentId}.{surveyId}.{expires}.{Base64Url(Sign(keys.Current, keys.CurrentId, surveyId, expires))}";
    }

    public LinkCheck Check(string? token, DateTimeOffset now)
    {
        var parts = (token ?? "").Split('.');
        if (parts.Length != 4 || !SurveyId.IsWellFormed(parts[1])
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || keys.Find(parts[0]) is not { } key)
        {
            return new LinkCheck(LinkStatus.Tampered, null);
        }

        var expected = Sign(key, parts[0], parts[1], parts[2]);
        var given = new byte[expected.Length];
        if (!TryFromBase64Url(parts[3], given) || !CryptographicOperations.FixedTimeEquals(given, expected))
        {
            return new LinkCheck(LinkStatus.Tampered, null);
        }

        return now.ToUnixTimeSeconds() > expires
            ? new LinkCheck(LinkStatus.Expired, parts[1])
            : new LinkCheck(LinkStatus.Valid, parts[1]);
    }

    private static byte[] Sign(byte[] key, string keyId, string surveyId, string expires) =>
        HMACSHA256.HashData(key, Encoding.ASCII.GetBytes($"csat-rating-link-v1\n{keyId}\n{surveyId}\n{expires}"));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryFromBase64Url(string text, byte[] destination)
    {
        if (text.Length != 43)
        {
            return false;
        }

        var padded = text.Replace('-', '+').Replace('_', '/') + "=";
        return Convert.TryFromBase64String(padded, destination, out var written) && written == destination.Length;
    }
}
