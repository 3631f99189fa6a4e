using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Desk;

/// <summary><c>GET /api/admin/reports?from&amp;to</c>: a period's report (<see cref="DeskReport"/>) for BI tools and scripts.</summary>
public sealed class ReportsEndpoint(DeskReports reports, TimeProvider time)
{
    public async Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken) =>
        DayRange.Read(request, time.GetUtcNow(), out var problem) is { } range
            ? Results.Json(await reports.BuildAsync(range, cancellationToken), CsatJson.Default.DeskReport)
            : problem!;
}
