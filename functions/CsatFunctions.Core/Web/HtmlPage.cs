using System.Text;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Web;

/// <summary>
/// The pages people see. Every page is self-contained (no scripts, inline styles only) and sent
/// with headers that keep it from being framed, sniffed or leaking its signed URL as a referrer.
/// </summary>
public static class HtmlPage
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public const string ContentType = "text/html; charset=utf-8";

    /// <summary>Every page's headers: no scripts, no framing, no sniffing, no referrer.</summary>
    public static readonly (string Name, string Value)[] Headers =
    [
        ("Content-Security-Policy", ContentSecurityPolicy),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
    ];

    /// <param name="cacheControl">Pages about one person's survey are never stored; the public score page may be.</param>
    /// <param name="wide">For tables of many columns, such as the desk.</param>
    /// <param name="lang">The page's language (BCP 47), as its text is written.</param>
    public static IResult Render(int statusCode, string title, string company, Html body, string cacheControl = "no-store", bool wide = false, string lang = "en") =>
        new HeaderResult(
            Results.Content(Document(title, company, body, wide, lang), ContentType, Encoding.UTF8, statusCode),
            [.. Headers, ("Cache-Control", cacheControl)]);

    /// <summary>The whole page as text.</summary>
    /// <param name="style">Styles only this page needs, after the common ones.</param>
    public static string Document(string title, string company, Html body, bool wide = false, string lang = "en", string style = "") =>
        Html.Of($"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">""" +
            // Raw: a style element's text is not decoded, so encoding would break the CSS; both parts are constants in code.
            $"<title>{title} · {company}</title><style>{Html.Raw(CommonStyle + style)}</style></head>" +
            $"""<body><main{(wide ? Html.Of($" class=\"wide\"") : Html.Empty)}><p class="company">{company}</p><h1>{title}</h1>{body}</main></body></html>""").ToString();

    /// <summary>Every page's styles; a page adds its own after them.</summary>
    private const string CommonStyle =
        "body{font-family:system-ui,sans-serif;background:#f4f5f7;color:#1d2330;margin:0;padding:2rem 1rem}" +
        "main{max-width:46rem;margin:0 auto;background:#fff;border-radius:8px;padding:1.5rem 2rem;box-shadow:0 1px 3px #0002;overflow-wrap:break-word}" +
        // A phone keeps its few hundred pixels for the text, not the frame.
        "@media (max-width:30rem){body{padding:.5rem}main{padding:1rem}}" +
        "h1{font-size:1.4rem}.company{color:#5a6270;font-size:.9rem;text-transform:uppercase;letter-spacing:.05em}" +
        "fieldset{border:0;padding:0}label.choice{display:block;padding:.5rem;margin:.25rem 0;border:1px solid #ccd;border-radius:6px}" +
        "textarea{width:100%;box-sizing:border-box;min-height:6rem;font:inherit}" +
        "button{font:inherit;padding:.6rem 1.4rem;border:0;border-radius:6px;background:#1f5fbf;color:#fff;cursor:pointer}" +
        ".error{color:#a11;font-weight:600}.headline{font-size:clamp(2rem,9vw,3rem);margin:.2em 0}.note{color:#5a6270;font-size:.85rem}" +
        "table{border-collapse:collapse;width:100%;font-size:.85rem}th,td{padding:.3rem .4rem;border-bottom:1px solid #e3e6ea;text-align:right}th[scope=row],thead th:first-child{text-align:left}" +
        "main.wide{max-width:76rem}span.bar{display:inline-block;height:.7rem;background:#1f5fbf;border-radius:2px;vertical-align:middle}" +
        "td.text,th.text{text-align:left}input,select{font:inherit;padding:.2rem}form.inline{display:inline}nav a{margin-right:1rem}";
}
