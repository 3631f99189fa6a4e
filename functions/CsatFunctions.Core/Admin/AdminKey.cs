using System.Security.Cryptography;
using System.Text;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Admin;

/// <summary>The admin routes' bearer check, and the 401 they answer without it.</summary>
public sealed class AdminKey(CsatOptions options)
{
    /// <summary>Compares hashes so the comparison takes the same time whatever the length or content given.</summary>
    public bool Allows(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (options.AdminKey is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim())),
            SHA256.HashData(Encoding.UTF8.GetBytes(options.AdminKey)));
    }

    public IResult Refusal() => new HeaderResult(
        Problems.Unauthorized(options.AdminKey is null
            ? "Admin routes are closed until Csat__AdminKey is configured."
            : "Send Authorization: Bearer with the admin key."),
        ("WWW-Authenticate", "Bearer"));
}
