using System.Globalization;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Clients;

/// <summary>
/// <c>POST /api/admin/companies/{company}/share-links</c> makes a share link of the company's report
/// (fields <c>days</c>, default <c>Csat__ShareLinkDays</c>, and <c>from</c>/<c>to</c>, default the last
/// 30 days) and shows it once; <c>POST /api/admin/share-links/{id}/revoke</c> revokes one. A form
/// from the desk gets a page (or is sent back to the report); JSON or a script gets JSON.
/// </summary>
public sealed class ShareLinksEndpoint(CsatOptions options, ShareLinks links, TimeProvider time)
{
    public const int MaxDays = 365;

    public async Task<IResult> CreateAsync(string company, HttpRequest request, CancellationToken cancellationToken)
    {
        if (ClientReportEndpoint.CompanyOf(company) is not { } name)
        {
            return ClientReportEndpoint.NotACompany("No link was made.");
        }

        if (await ChangeFields.ReadAsync(request, cancellationToken) is not { } form)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["body"] = ["Send the fields days, from and to (each optional) as a form or as a JSON object of strings."] }, "No link was made.");
        }

        var errors = new Dictionary<string, string[]>();
        var lifetime = options.ShareLinkLifetime;
        if (form["days"] is { Length: > 0 } daysText)
        {
            if (int.TryParse(daysText, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= MaxDays)
            {
                lifetime = TimeSpan.FromDays(days);
            }
            else
            {
                errors["days"] = [$"Must be a whole number of days from 1 to {MaxDays}."];
            }
        }

        var range = DayRange.Read(field => form[field], time.GetUtcNow(), errors);
        if (range is null || errors.Count > 0)
        {
            return Problems.Invalid(errors, "No link was made.");
        }

        var (link, token) = await links.CreateAsync(name, range.From, range.To, lifetime, cancellationToken);
        var url = links.UrlOf(token);
        if (form.IsJson || StorageOutageAnswer.WantsJson(request))
        {
            return Results.Json(ShareLinkItem.Of(link, url), CsatJson.Default.ShareLinkItem, statusCode: StatusCodes.Status201Created);
        }

        var body = Html.Of($"""<p>A read-only link to the report of {link.From:yyyy-MM-dd} to {link.To:yyyy-MM-dd}, working until {link.ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC. """ +
            $"""Copy it now: it is shown only this once.</p><p class="share"><input readonly aria-label="Share link" value="{url.AbsoluteUri}"></p>""" +
            $"""<p><a href="{ClientReportEndpoint.PathOf(name)}?from={link.From:yyyy-MM-dd}&amp;to={link.To:yyyy-MM-dd}#share-links">Back to the report</a></p>""");
        return HtmlPage.Render(StatusCodes.Status201Created, $"Share link for {name}", options.CompanyName, body);
    }

    public async Task<IResult> RevokeAsync(string id, HttpRequest request, CancellationToken cancellationToken)
    {
        if (id.Length != 32 || !id.All(char.IsAsciiHexDigitLower) || !await links.RevokeAsync(id, cancellationToken) || await links.GetAsync(id, cancellationToken) is not { } link)
        {
            return Results.Problem("No share link has that id.", statusCode: StatusCodes.Status404NotFound);
        }

        return StorageOutageAnswer.WantsJson(request) || !request.HasFormContentType
            ? Results.Json(ShareLinkItem.Of(link), CsatJson.Default.ShareLinkItem)
            : new HeaderResult(Results.StatusCode(StatusCodes.Status303SeeOther), ("Location", $"{ClientReportEndpoint.PathOf(link.Company)}#link-{link.Id}"));
    }
}
