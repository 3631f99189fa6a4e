using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace CsatFunctions.Languages;

/// <summary>
/// The language a request asks a public page in: <c>?lang=</c> when given (a BCP 47 tag read down to a
/// language the project has: <c>de</c>, <c>de-AT</c>), else the first language of the browser's
/// <c>Accept-Language</c> the project has, by quality (<c>q=0</c> says "not this one", <c>*</c> any:
/// the default), else the default (<c>Csat__DefaultLocale</c>).
/// </summary>
public static class RequestedLanguage
{
    public const string QueryName = "lang";

    /// <returns>False when <c>?lang=</c> names a language the project does not have: a link asked for it by name, so it is told (400), as for any unknown query value.</returns>
    public static bool TryRead(HttpRequest request, Languages languages, out Language language)
    {
        language = languages.Default;
        if (request.Query[QueryName].ToString() is { Length: > 0 } asked)
        {
            if (Languages.Match(asked) is not { } code)
            {
                return false;
            }

            language = languages.For(code);
            return true;
        }

        language = Accepted(request.Headers.AcceptLanguage, languages) ?? languages.Default;
        return true;
    }

    /// <summary>The problem's words for a <c>?lang=</c> the project does not have.</summary>
    public static string Expected(Languages languages) =>
        $"Must be one of {string.Join(", ", languages.All.Select(language => language.Code))}, or a tag of one (de-AT).";

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
