using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Web;

/// <summary>Another result with response headers added, such as Retry-After or ETag.</summary>
public sealed class HeaderResult(IResult inner, params (string Name, string Value)[] headers) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        foreach (var (name, value) in headers)
        {
            httpContext.Response.Headers[name] = value;
        }

        return inner.ExecuteAsync(httpContext);
    }
}
