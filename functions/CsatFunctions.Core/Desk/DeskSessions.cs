using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Desk;

/// <summary>A signed-in browser: its role, until when, and the CSRF token its forms must carry.</summary>
public sealed record DeskSession(DeskRole Role, DateTimeOffset ExpiresAt, string CsrfToken);

/// <summary>
/// Sessions for people at the desk: a signed, expiring cookie (<c>HttpOnly</c>, <c>SameSite=Strict</c>,
/// <c>Secure</c> over https) naming the role and the revocation epoch it was issued in, and a CSRF
/// token derived from it that every change made with the cookie must carry. Each role's cookies are
/// signed with a key derived from the link signing key and that role's own key, so rotating either
/// ends the role's sessions; signing out draws a new epoch (<see cref="DeskSignOuts"/>), which ends them too.
/// </summary>
public sealed class DeskSessions(CsatOptions options, DeskSignOuts signOuts, TimeProvider time)
{
    public const string CookieName = "csat-desk";
    public const string CsrfField = "csrf";
    public const string CsrfHeader = "X-CSRF-Token";

    /// <summary>A working day; a session does not outlive the people who opened it by much.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    /// <summary>Each role's cookie signing key; only roles whose key is configured can have sessions.</summary>
    private readonly Dictionary<DeskRole, byte[]> keys = new[] { (Role: DeskRole.Admin, Key: options.AdminKey), (Role: DeskRole.Viewer, Key: options.ViewerKey) }
        .Where(role => role.Key is not null)
        .ToDictionary(role => role.Role, role => HMACSHA256.HashData(options.LinkSigningKeys.Current, Encoding.UTF8.GetBytes($"csat-desk-session.{role.Role}.{role.Key}")));

    /// <summary>Signs the browser in: sets the cookie, answers the session (with its CSRF token).</summary>
    public async Task<DeskSession> StartAsync(HttpContext context, DeskRole role, CancellationToken cancellationToken)
    {
        var expiresAt = time.GetUtcNow() + Lifetime;
        var epoch = await signOuts.EpochAsync(role, cancellationToken);
        var body = $"{role}.{expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}.{epoch}";
        context.Response.Cookies.Append(CookieName, $"{body}.{Sign(role, body)}", Cookie(context));
        return Read(body)!.Value.Session;
    }

    /// <summary>Signs out: ends the request's role's sessions everywhere, not only this browser's cookie.</summary>
    public async Task EndAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (await OfAsync(context.Request, cancellationToken) is { } session)
        {
            await signOuts.SignOutAllAsync(session.Role, cancellationToken);
        }

        context.Response.Cookies.Delete(CookieName, Cookie(context));
    }

    /// <returns>The request's session, or null when it has none, or one tampered with, expired or signed out.</returns>
    public async Task<DeskSession?> OfAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var value = request.Cookies[CookieName];
        var cut = value?.LastIndexOf('.') ?? -1;
        var body = cut > 0 ? value![..cut] : "";
        if (Read(body) is not { } read
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(read.Session.Role, body)), Encoding.ASCII.GetBytes(value![(cut + 1)..]))
            || read.Session.ExpiresAt <= time.GetUtcNow())
        {
            return null;
        }

        return await signOuts.EpochAsync(read.Session.Role, cancellationToken) == read.Epoch ? read.Session : null;
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

    /// <returns>The session the cookie's body describes, and its epoch; not yet checked against its signature.</returns>
    private (DeskSession Session, string Epoch)? Read(string body)
    {
        var parts = body.Split('.');
        return parts.Length == 4 && Enum.TryParse<DeskRole>(parts[0], out var role) && keys.ContainsKey(role)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires) && expires <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? (new DeskSession(role, DateTimeOffset.FromUnixTimeSeconds(expires), Sign(role, "csrf." + parts[2])), parts[3])
            : null;
    }

    private string Sign(DeskRole role, string text) => Convert.ToBase64String(HMACSHA256.HashData(keys[role], Encoding.UTF8.GetBytes(text))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

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
