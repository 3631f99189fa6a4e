using System.Security.Cryptography;
using System.Text;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Admin;

/// <summary>The admin routes' bearer check, and the 401 they answer without it.</summary>
public sealed class AdminKey(CsatOptions options)
{
    /// <summary>Whether the request offers a key at all (any Authorization header), right or wrong.</summary>
    public static bool GivesKey(HttpRequest request) => request.Headers.Authorization.Count > 0;

    public bool Allows(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && Matches(header["Bearer ".Length..].Trim(), options.AdminKey);
    }

    /// <summary>Compares hashes so the comparison takes the same time whatever the length or content given.</summary>
    public static bool Matches(string given, string? expected) =>
        expected is not null && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    public IResult Refusal() => new HeaderResult(
        Problems.Unauthorized(options.AdminKey is null
            ? "Admin routes are closed until Csat__AdminKey is configured."
            : "Send Authorization: Bearer with the admin key."),
        ("WWW-Authenticate", "Bearer"));
}
