using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace CsatFunctions.Web;

/// <summary>
/// What websites fetch (the score JSON, badge, widget): open to every origin, cacheable, with a
/// strong ETag derived from the exact bytes, and 304 when the browser already has them.
/// </summary>
public static class PublicResource
{
    public static IResult Serve(HttpRequest request, string content, string contentType, TimeSpan maxAge)
    {
        var etag = TagOf(content);
        (string, string)[] headers =
        [
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Expose-Headers", "ETag"),
            ("Cache-Control", $"public, max-age={((int)maxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture)}"),
            ("ETag", etag),
            ("X-Content-Type-Options", "nosniff"),
        ];
        return IsNotModified(request, etag)
            ? new HeaderResult(Results.StatusCode(StatusCodes.Status304NotModified), headers)
            : new HeaderResult(Results.Text(content, contentType), headers);
    }

    /// <summary>A strong ETag: the first 18 bytes of the content's SHA-256, base64url.</summary>
    public static string TagOf(string content)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(content));
        return $"\"{Convert.ToBase64String(hash, 0, 18).Replace('+', '-').Replace('/', '_')}\"";
    }

    /// <summary>If-None-Match uses weak comparison, so a W/ prefix from a proxy still matches.</summary>
    private static bool IsNotModified(HttpRequest request, string etag)
    {
        var current = new EntityTagHeaderValue(etag);
        return EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var given)
            && given.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false));
    }
}
