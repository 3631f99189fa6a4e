using CsatFunctions.Scores.Comments;
using CsatFunctions.Ratings.FollowUps;
using CsatFunctions.Surveys;

namespace CsatFunctions.PersonalData;

/// <summary>Everything held about an address, as <c>GET /api/admin/customers/{email}</c> shows it: each survey with its published comment and follow-up.</summary>
public sealed class CustomerExport(CommentTable comments, FollowUpTable followUps)
{
    public async Task<CustomerData> ExportAsync(CustomerHolding held, CancellationToken cancellationToken)
    {
        var items = await Task.WhenAll(held.Surveys.Select(survey => DescribeAsync(survey, cancellationToken)));
        var consent = held.Consent;
        return new CustomerData(
            held.Email,
            held.HasConsentRecord ? new HeldConsent(consent.Unsubscribed, consent.SuppressedBecause, consent.SuppressedAt, consent.LastSurveyedAt) : null,
            [.. items.OrderByDescending(item => item.ResolvedAt)],
            held.Campaigns);
    }

    private async Task<HeldSurvey> DescribeAsync(Survey survey, CancellationToken cancellationToken)
    {
        var (comment, followUp) = (comments.FindAsync(survey.Id, cancellationToken), followUps.FindAsync(survey, cancellationToken));
        await Task.WhenAll(comment, followUp);
        return new HeldSurvey(
            survey.Id,
            survey.Source,
            survey.TicketId,
            survey.CustomerName,
            survey.Subject,
            survey.Agent,
            survey.Company,
            survey.Channel,
            survey.Touchpoint,
            survey.ResolvedAt,
            survey.ReceivedAt,
            survey.Email.ToString().ToLowerInvariant(),
            survey.SkipReason,
            survey.SentAt,
            survey.DeliveredAt,
            survey.UndeliverableBecause,
            survey.RemindedAt,
            survey.Rating?.ToWire(),
            survey.Score,
            survey.Comment,
            survey.Publish,
            survey.RatedAt,
            await comment is { } published ? new HeldComment(published.Author, published.RemovedBecause) : null,
            await followUp is { } open ? new HeldFollowUp(FollowUpTable.Name(open.Status), open.Owner, open.Note, open.OpenedAt, open.FirstContactAt, open.ClosedAt) : null);
    }
}
