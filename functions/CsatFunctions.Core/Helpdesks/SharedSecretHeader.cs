using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Helpdesks;

/// <summary>
/// For helpdesks that do not sign their webhooks (Freshdesk, Freshservice): the admin's rule sends the
/// configured secret in an <c>X-Csat-Secret</c> header (over HTTPS), compared in constant time.
/// </summary>
public static class SharedSecretHeader
{
    public const string Name = "X-Csat-Secret";

    /// <returns>Null when the header carries the secret; otherwise why the delivery is refused.</returns>
    public static string? Check(string secret, IHeaderDictionary headers)
    {
        var given = headers[Name].ToString();
        return given.Length > 0 && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(secret)))
            ? null
            : $"The {Name} header is missing or does not match the configured secret.";
    }
}
