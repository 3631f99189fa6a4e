using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Desk;

/// <summary>A signed-in browser: its role, until when, and the CSRF token its forms must carry.</summary>
public sealed record DeskSession(DeskRole Role, DateTimeOffset ExpiresAt, string CsrfToken);

/// <summary>
/// Sessions for people at the desk: a signed, expiring cookie (<c>HttpOnly</c>, <c>SameSite=Strict</c>,
/// <c>Secure</c> over https) naming the role, and a CSRF token derived from it that every change made
/// with the cookie must carry. Nothing is stored: the signature is the session. The signing key is
/// derived from the link signing key, so no new secret is needed and rotating that key signs everyone out.
/// </summary>
public sealed class DeskSessions(CsatOptions options, TimeProvider time)
{
    public const string CookieName = "csat-desk";
    public const string CsrfField = "csrf";
    public const string CsrfHeader = "X-CSRF-Token";

    /// <summary>A working day; a session does not outlive the people who opened it by much.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private readonly byte[] key = HMACSHA256.HashData(options.LinkSigningKeys.Current, "csat-desk-session"u8);

    /// <summary>Signs the browser in: sets the cookie, answers the session (with its CSRF token).</summary>
    public DeskSession Start(HttpContext context, DeskRole role)
    {
        var expiresAt = time.GetUtcNow() + Lifetime;
        var body = $"{role}.{expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";
        context.Response.Cookies.Append(CookieName, $"{body}.{Sign(body)}", Cookie(context));
        return Read(body)!;
    }

    public void End(HttpContext context) =>
        context.Response.Cookies.Delete(CookieName, Cookie(context));

    /// <returns>The request's session, or null when it has none, or one tampered with or expired.</returns>
    public DeskSession? Of(HttpRequest request)
    {
        var value = request.Cookies[CookieName];
        var cut = value?.LastIndexOf('.') ?? -1;
        if (cut <= 0)
        {
            return null;
        }

        var body = value![..cut];
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(body)), Encoding.ASCII.GetBytes(value[(cut + 1)..])))
        {
            return null;
        }

        return Read(body) is { } session && session.ExpiresAt > time.GetUtcNow() ? session : null;
    }

    /// <summary>Whether a change made with this session carries its CSRF token (form field or header).</summary>
    public static async Task<bool> CarriesCsrfTokenAsync(DeskSession session, HttpRequest request, CancellationToken cancellationToken)
    {
        var given = request.Headers[CsrfHeader].ToString();
        if (given.Length == 0 && request.HasFormContentType)
        {
            given = (await request.ReadFormAsync(cancellationToken))[CsrfField].ToString();
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(given), Encoding.ASCII.GetBytes(session.CsrfToken));
    }

    private DeskSession? Read(string body)
    {
        var parts = body.Split('.');
        return parts.Length == 3 && Enum.TryParse<DeskRole>(parts[0], out var role)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires) && expires <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? new DeskSession(role, DateTimeOffset.FromUnixTimeSeconds(expires), Sign("csrf." + parts[2]))
            : null;
    }

    private string Sign(string text) => Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Max-Age rather than Expires: the browser's clock need not agree with ours; the signed expiry is what counts.</summary>
    private static CookieOptions Cookie(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/api/admin",
        MaxAge = Lifetime,
        IsEssential = true,
    };
}
