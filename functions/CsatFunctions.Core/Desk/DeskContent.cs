using CsatFunctions.Admin;
using CsatFunctions.Campaigns;
using CsatFunctions.Helpdesks.Notes;
using CsatFunctions.Ratings.FollowUps;
using CsatFunctions.Scores.Comments;
using CsatFunctions.Webhooks;

namespace CsatFunctions.Desk;

/// <summary>What the desk shows for a period and filter, read before any of it is drawn.</summary>
public sealed record DeskContent(
    DeskReport Report,
    List<AnswerItem> Answers,
    List<FollowUp> Work,
    List<NotSurveyedTicket> NotAsked,
    List<ConsentedComment> Comments,
    List<CampaignReport> Campaigns,
    List<WebhookEndpointLog> Webhooks,
    List<RefusedNoteItem> RefusedNotes);

/// <summary>Reads the desk's content: the report, the newest answers, the follow-ups to work on, the tickets not asked, the comments to moderate, the campaigns, the outgoing webhooks' delivery log and the notes the helpdesks refused.</summary>
public sealed class DeskReading(DeskReports reports, AnswerFeed feed, FollowUpTable followUps, CommentTable comments, NotSurveyedTicketsEndpoint notSurveyed, CampaignReports campaigns, WebhookLog webhooks, RefusedNotes refusedNotes)
{
    public const int FeedRows = 50;

    public async Task<DeskContent> ReadAsync(RatingsEndpoint.FeedQuery query, CancellationToken cancellationToken)
    {
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

        // Open work whenever it was resolved, and closed work of the period.
        var work = (await followUps.ListAsync(null, null, cancellationToken))
            .Where(f => f.Status is FollowUpStatus.Open or FollowUpStatus.Contacted || (f.ResolvedDay >= query.Range.From && f.ResolvedDay <= query.Range.To))
            .OrderBy(f => f.Status).ThenBy(f => f.OpenedAt)
            .ToList();
        var notAsked = await notSurveyed.ListAsync(query.Range, cancellationToken);
        var consented = (await comments.ReadAllAsync(cancellationToken)).Take(CommentsDocument.MaxComments).ToList();
        return new DeskContent(report, answers, work, notAsked, consented, await campaigns.BuildAllAsync(cancellationToken), await webhooks.ReadAllAsync(cancellationToken), await refusedNotes.ListAsync(FeedRows, cancellationToken));
    }
}
