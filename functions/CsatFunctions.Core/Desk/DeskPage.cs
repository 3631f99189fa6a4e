using CsatFunctions.Desk.Sections;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Desk;

/// <summary>
/// <c>GET /api/admin/desk</c>: the support team's page, server-rendered, complete without
/// JavaScript: a period's figures against the period before, the breakdowns (sortable by link), the
/// newest answers with filters and the CSV of them, the follow-ups with a form each, and the tickets
/// counted but not asked. A viewer sees the same without the forms. Each part is drawn by its own
/// class in <c>Sections/</c>; this one reads what they show.
/// </summary>
public sealed class DeskPage(CsatOptions options, DeskSessions sessions, DeskReading reading, Tags.TagsUsed tagsUsed, TimeProvider time)
{
    public async Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (RatingsEndpoint.Read(request, time.GetUtcNow(), out _) is not { } query)
        {
            return HtmlPage.Render(StatusCodes.Status400BadRequest, "The desk", options.CompanyName, Html.Of($"""<p class="error">That period or filter is not valid. <a href="desk">Show the last 30 days</a>.</p>"""), wide: true);
        }

        // A script with the admin key may read the page too; only a viewer's session hides the forms.
        var session = await sessions.OfAsync(request, cancellationToken);
        var csrf = session is null || session.Role == DeskRole.Admin ? session?.CsrfToken ?? "" : null;
        var content = await reading.ReadAsync(query, cancellationToken);
        var tags = await tagsUsed.ListAsync(cancellationToken);

        var body = Html.Join(
        [
            HeaderSection.Render(session, query.Range),
            HeadlineSection.Render(content.Report),
            BreakdownSection.Render(request, content.Report),
            ReasonsSection.Render(options, content.Report),
            AnswersSection.Render(request, query, content.Answers, csrf, tags),
            FollowUpsSection.Render(options, content.Work, csrf),
            CommentsSection.Render(content.Comments, csrf),
            NotAskedSection.Render(content.NotAsked),
            RefusedNotesSection.Render(content.RefusedNotes),
            CampaignsSection.Render(content.Campaigns),
            WebhooksSection.Render(content.Webhooks),
        ]);
        return HtmlPage.Render(StatusCodes.Status200OK, "The desk", options.CompanyName, body, wide: true);
    }
}
