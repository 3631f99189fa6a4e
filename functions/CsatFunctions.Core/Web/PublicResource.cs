using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace CsatFunctions.Web;

/// <summary>
/// A public file ready to serve: its bytes, headers and strong ETag worked out once, so serving it
/// costs no hashing, no encoding and no storage call; a request that already has it gets a bare 304.
/// </summary>
public sealed class PublicResource : IResult
{
    private readonly (string Name, string Value)[] headers;

    private PublicResource(byte[] body, string contentType, (string Name, string Value)[] headers)
    {
        Body = body;
        ContentType = contentType;
        ETag = TagOf(body);
        this.headers = [.. headers, ("ETag", ETag)];
    }

    public byte[] Body { get; }

    public string ContentType { get; }

    public string ETag { get; }

    public IReadOnlyList<(string Name, string Value)> Headers => headers;

    /// <summary>What websites fetch (the score JSON, badge, widget): open to every origin, cacheable.</summary>
    public static PublicResource ForWebsites(string content, string contentType, TimeSpan maxAge) => new(
        Encoding.UTF8.GetBytes(content),
        contentType,
        [
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Expose-Headers", "ETag"),
            ("Cache-Control", CacheControl(maxAge)),
            ("X-Content-Type-Options", "nosniff"),
        ]);

    /// <summary>A page for people, with the headers every page has (<see cref="HtmlPage"/>).</summary>
    public static PublicResource ForPeople(string html, TimeSpan maxAge) =>
        new(Encoding.UTF8.GetBytes(html), HtmlPage.ContentType, [.. HtmlPage.Headers, ("Cache-Control", CacheControl(maxAge))]);

    /// <summary>A strong ETag: the first 18 bytes of the content's SHA-256, base64url.</summary>
    public static string TagOf(string content) => TagOf(Encoding.UTF8.GetBytes(content));

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        foreach (var (name, value) in headers)
        {
            response.Headers[name] = value;
        }

        if (IsNotModified(httpContext.Request))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = ContentType;
        response.ContentLength = Body.Length;
        return HttpMethods.IsHead(httpContext.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(Body).AsTask();
    }

    private static string TagOf(byte[] content) =>
        $"\"{Convert.ToBase64String(SHA256.HashData(content), 0, 18).Replace('+', '-').Replace('/', '_')}\"";

    private static string CacheControl(TimeSpan maxAge) => $"public, max-age={((int)maxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>If-None-Match uses weak comparison, so a W/ prefix from a proxy still matches.</summary>
    private bool IsNotModified(HttpRequest request)
    {
        if (request.Headers.IfNoneMatch.Count == 0)
        {
            return false;
        }

        var current = new EntityTagHeaderValue(ETag);
        return EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var given)
            && given.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false));
    }
}
