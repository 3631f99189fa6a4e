using System.Net.Mail;
using CsatFunctions.Campaigns;
using CsatFunctions.Consent;
using CsatFunctions.Ratings;
using CsatFunctions.Ratings.Comments;
using CsatFunctions.Ratings.FollowUps;
using CsatFunctions.Scores;
using CsatFunctions.Surveys;
using CsatFunctions.Surveys.Delivery;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.PersonalData;

/// <summary>
/// <c>GET</c> and <c>DELETE /api/admin/customers/{email}</c>: a customer's right to see what is held
/// about them and to have it erased. Erasing takes the address, name, subjects, comments and notes
/// out of every survey of theirs and forgets their consent record, all but an opt-out (kept under a keyed
/// hash of the address); their ratings stay counted, with no link to them, so published figures do not
/// change, and a later ticket from the address starts afresh unless they had opted out.
/// </summary>
public sealed class CustomerDataEndpoint(
    CustomerSurveys index,
    CustomerRegistry customers,
    SurveyTable surveys,
    CommentTable comments,
    FollowUpTable followUps,
    SurveyErasure erasure,
    CampaignTable campaigns,
    CampaignCustomers campaignCustomers,
    ScoreAggregator aggregator,
    DeliveryEventBatches deliveryEvents,
    ILogger<CustomerDataEndpoint> logger)
{
    public async Task<IResult> HandleAsync(string email, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!MailAddress.TryCreate(email, out var address) || address.Address != email)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["email"] = ["Must be a single email address."] }, "Nothing was read or changed.");
        }

        var held = await SurveysOfAsync(email, cancellationToken);
        var consent = await customers.GetAsync(email, cancellationToken);
        var hasConsentRecord = consent.ETag is not null;
        var campaignNames = (await campaigns.ListAsync(cancellationToken)).Select(campaign => campaign.Name).ToList();
        var memberships = await campaignCustomers.MembershipsAsync(email, campaignNames, cancellationToken);
        if (held.Count == 0 && !hasConsentRecord && memberships.Count == 0)
        {
            return Results.Problem("Nothing is held about this address.", statusCode: StatusCodes.Status404NotFound);
        }

        if (HttpMethods.IsGet(request.Method))
        {
            var items = await Task.WhenAll(held.Select(survey => DescribeAsync(survey, cancellationToken)));
            return Results.Json(
                new CustomerData(
                    email,
                    hasConsentRecord ? new HeldConsent(consent.Unsubscribed, consent.SuppressedBecause, consent.SuppressedAt, consent.LastSurveyedAt) : null,
                    [.. items.OrderByDescending(item => item.ResolvedAt)],
                    memberships),
                CsatJson.Default.CustomerData);
        }

        foreach (var survey in held)
        {
            await erasure.EraseAsync(survey, cancellationToken);
            await index.RemoveAsync(email, survey.Id, cancellationToken);
        }

        await campaignCustomers.ForgetAsync(email, memberships, cancellationToken);
        foreach (var campaign in memberships)
        {
            await campaigns.CustomersChangedAsync(campaign, await campaignCustomers.CountAsync(campaign, cancellationToken), cancellationToken);
        }

        var forgot = await customers.ForgetAsync(email, cancellationToken);
        await deliveryEvents.EraseAddressAsync(email, cancellationToken);
        logger.LogInformation("Erased a customer's personal data from {Surveys} survey(s) at the support team's request.", held.Count);

        // A comment taken off the public record leaves the published comments now, not at the next tick.
        if (held.Any(survey => survey.Publish) && await aggregator.TryRefreshAsync(cancellationToken) is null)
        {
            logger.LogInformation("Another process is refreshing the score; its next refresh drops the erased comments.");
        }

        return Results.Json(new ErasureAnswer("erased", held.Count, forgot), CsatJson.Default.ErasureAnswer);
    }

    /// <summary>The address's surveys that still carry it (an erased one does not).</summary>
    private async Task<List<Survey>> SurveysOfAsync(string email, CancellationToken cancellationToken)
    {
        var ids = await index.ListAsync(email, cancellationToken);
        var found = await Task.WhenAll(ids.Select(id => surveys.GetAsync(id, cancellationToken)));
        return [.. found.Where(stored => string.Equals(stored?.Survey.CustomerEmail, email, StringComparison.OrdinalIgnoreCase)).Select(stored => stored!.Survey)];
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
