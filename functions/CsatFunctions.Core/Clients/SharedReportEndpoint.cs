using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Clients;

/// <summary>
/// <c>GET /api/reports/{token}</c>: a client's report through its share link, open to whoever holds
/// the link. Read-only (no forms), that company's data only, agents by first name, no customer named.
/// Kept out of caches, search engines and referrers. A link expired or revoked answers 410, one
/// altered or never issued 404, each as a page (problem+json when JSON is asked). The page is in
/// English: its words are the report's, which the desk shows in English too.
/// </summary>
public sealed class SharedReportEndpoint(CsatOptions options, ShareLinks links, ClientReports reports)
{
    private static readonly (string, string)[] Private = [("Cache-Control", "private, no-store"), ("X-Robots-Tag", "noindex")];

    public async Task<IResult> GetAsync(string token, HttpRequest request, CancellationToken cancellationToken)
    {
        var check = await links.CheckAsync(token, cancellationToken);
        if (check is not { Status: ShareLinkStatus.Valid, Link: { } link })
        {
            return check.Status == ShareLinkStatus.Tampered
                ? Refusal(request, StatusCodes.Status404NotFound, "This link does not work", "This address is not a report link we made. Check that it was copied whole, or ask your account manager for a new one.")
                : Refusal(request, StatusCodes.Status410Gone, "This link has ended", "This report link has expired or was withdrawn. Ask your account manager for a new one.");
        }

        var report = await reports.BuildAsync(link.Company, new DayRange(link.From, link.To), shared: true, cancellationToken);
        return StorageOutageAnswer.WantsJson(request)
            ? new HeaderResult(Results.Json(report, CsatJson.Default.ClientReport), Private)
            : ClientReportPage.Render(report, options, Html.Empty, Private);
    }

    private IResult Refusal(HttpRequest request, int status, string title, string text) =>
        new HeaderResult(
            StorageOutageAnswer.WantsJson(request)
                ? Results.Problem(text, statusCode: status, title: title)
                : HtmlPage.Render(status, title, options.CompanyName, Html.Of($"<p>{text}</p>"), cacheControl: "private, no-store"),
            Private);
}
