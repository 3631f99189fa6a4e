using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace CsatFunctions.Languages;

/// <summary>
/// The language a request asks a public page in: <c>?lang=</c> when it names a language the project
/// has (a BCP 47 tag read down to it: <c>de</c>, <c>de-AT</c>), else the first language of the browser's
/// <c>Accept-Language</c> the project has, by quality (<c>q=0</c> says "not this one", <c>*</c> any:
/// the default), else the default (<c>Csat__DefaultLocale</c>). A page for people answers in some
/// language rather than refusing one it lacks (<c>?lang=it</c>): the page links the ones it has.
/// </summary>
public static class RequestedLanguage
{
    public const string QueryName = "lang";

    public static Language Read(HttpRequest request, Languages languages) =>
        Languages.Match(request.Query[QueryName].ToString()) is { } code
            ? languages.For(code)
            : Accepted(request.Headers.AcceptLanguage, languages) ?? languages.Default;

    /// <summary>A header that cannot be read asks for nothing: the default then, as without one.</summary>
    private static Language? Accepted(StringValues header, Languages languages)
    {
        if (!StringWithQualityHeaderValue.TryParseList(header, out var ranges))
        {
            return null;
        }

        // OrderByDescending keeps the header's order among equal qualities, as RFC 9110 leaves it.
        foreach (var range in ranges.Where(range => (range.Quality ?? 1) > 0).OrderByDescending(range => range.Quality ?? 1))
        {
            if (range.Value.Equals("*", StringComparison.Ordinal))
            {
                return languages.Default;
            }

            if (Languages.Match(range.Value.Value) is { } code)
            {
                return languages.For(code);
            }
        }

        return null;
    }
}
