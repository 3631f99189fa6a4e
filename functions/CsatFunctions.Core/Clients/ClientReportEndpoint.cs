using CsatFunctions.Desk;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Clients;

/// <summary>
/// <c>GET /api/admin/companies/{company}/report?from&amp;to</c>: one client company's report
/// (<see cref="ClientReport"/>), a page for people with the period form and the company's share links
/// (a form to make one, a button to revoke each), or JSON with <c>Accept: application/json</c>. A
/// company with no surveys has an empty report. A viewer sees the same without the forms.
/// </summary>
public sealed class ClientReportEndpoint(CsatOptions options, ClientReports reports, ShareLinks links, DeskSessions sessions, TimeProvider time)
{
    /// <summary>As long as a survey's company may be.</summary>
    public const int MaxCompanyLength = Tickets.TicketFields.MaxCompanyLength;

    public async Task<IResult> GetAsync(string company, HttpRequest request, CancellationToken cancellationToken)
    {
        if (CompanyOf(company) is not { } name)
        {
            return NotACompany("No such company.");
        }

        if (DayRange.Read(request, time.GetUtcNow(), out var problem) is not { } range)
        {
            return problem!;
        }

        var report = await reports.BuildAsync(name, range, shared: false, cancellationToken);
        if (StorageOutageAnswer.WantsJson(request))
        {
            return Results.Json(report, CsatJson.Default.ClientReport);
        }

        // A script with the admin key may read the page too; only a viewer's session hides the forms.
        var session = await sessions.OfAsync(request, cancellationToken);
        var csrf = session is null || session.Role == DeskRole.Admin ? session?.CsrfToken ?? "" : null;
        var extra = Html.Join([Navigation(range), ShareLinksSection.Render(options, await links.ListAsync(name, cancellationToken), range, csrf, time.GetUtcNow())]);
        return ClientReportPage.Render(report, options, extra, ("Cache-Control", "no-store"));
    }

    /// <summary>The answer to a route whose company is not a company's name, whatever the route does.</summary>
    public static IResult NotACompany(string title) =>
        Problems.Invalid(new Dictionary<string, string[]> { ["company"] = [$"Must be a company's name of 1 to {MaxCompanyLength} characters, URL-escaped (a % as %2525)."] }, title);

    /// <summary>The company a route names (see <see cref="CompanySegment"/>).</summary>
    public static string? CompanyOf(string company)
    {
        var name = CompanySegment.Read(company).Trim();
        return name.Length is > 0 and <= MaxCompanyLength ? name : null;
    }

    /// <summary>The address of a company's report at the desk.</summary>
    public static string PathOf(string company) => $"/api/admin/companies/{CompanySegment.Of(company)}/report";

    private static Html Navigation(DayRange range) =>
        Html.Of($"""<nav><a href="{CsatRoutes.DeskPath}">Back to the desk</a></nav>""" +
            $"""<form method="get" action="report"><p>Resolved from <input type="date" name="from" value="{range.From:yyyy-MM-dd}"> to <input type="date" name="to" value="{range.To:yyyy-MM-dd}"> <button type="submit">Show</button></p></form>""");
}
