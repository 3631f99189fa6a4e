using CsatFunctions.Admin;
using CsatFunctions.Campaigns;
using CsatFunctions.Desk.Sections;
using CsatFunctions.Scores.Comments;
using CsatFunctions.Ratings.FollowUps;
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
public sealed class DeskPage(
    CsatOptions options,
    DeskSessions sessions,
    DeskReports reports,
    AnswerFeed feed,
    FollowUpTable followUps,
    CommentTable comments,
    NotSurveyedTicketsEndpoint notSurveyed,
    CampaignReports campaigns,
    TimeProvider time)
{
    public const int FeedRows = 50;

    public async Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (RatingsEndpoint.Read(request, time.GetUtcNow(), out _) is not { } query)
        {
            return HtmlPage.Render(StatusCodes.Status400BadRequest, "The desk", options.CompanyName, Html.Of($"""<p class="error">That period or filter is not valid. <a href="desk">Show the last 30 days</a>.</p>"""), wide: true);
        }

        // A script with the admin key may read the page too; only a viewer's session hides the forms.
        var session = await sessions.OfAsync(request, cancellationToken);
        var csrf = session is null || session.Role == DeskRole.Admin ? session?.CsrfToken ?? "" : null;
        var report = await reports.BuildAsync(query.Range, cancellationToken);
        var answers = new List<AnswerItem>(FeedRows + 1);
        await foreach (var item in feed.ReadAsync(query.Range, query.Filter, query.After, cancellationToken))
        {
            answers.Add(item);
            if (answers.Count > FeedRows)
            {
                break;
            }
        }

        var work = (await followUps.ListAsync(null, null, cancellationToken))
            .Where(f => f.Status is FollowUpStatus.Open or FollowUpStatus.Contacted || (f.ResolvedDay >= query.Range.From && f.ResolvedDay <= query.Range.To))
            .OrderBy(f => f.Status).ThenBy(f => f.OpenedAt)
            .ToList();
        var notAsked = await notSurveyed.ListAsync(query.Range, cancellationToken);
        var consented = (await comments.ReadAllAsync(cancellationToken)).Take(CommentsDocument.MaxComments).ToList();
        var campaignReports = await campaigns.BuildAllAsync(cancellationToken);

        var body = Html.Join(
        [
            HeaderSection.Render(session, query.Range),
            HeadlineSection.Render(report),
            BreakdownSection.Render(request, report),
            AnswersSection.Render(request, query, answers),
            FollowUpsSection.Render(options, work, csrf),
            CommentsSection.Render(consented, csrf),
            NotAskedSection.Render(notAsked),
            CampaignsSection.Render(campaignReports),
        ]);
        return HtmlPage.Render(StatusCodes.Status200OK, "The desk", options.CompanyName, body, wide: true);
    }
}
