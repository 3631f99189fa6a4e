using CsatFunctions.Campaigns;
using CsatFunctions.Consent;
using CsatFunctions.Scores;
using CsatFunctions.Surveys.Delivery;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.PersonalData;

/// <summary>
/// Erases what is held about an address: every survey of theirs (<see cref="SurveyErasure"/>), their
/// place in every campaign, their consent record (all but an opt-out,
/// kept under a keyed hash of the address) and their address in SendGrid's batches still kept.
/// Their ratings stay counted, with no link to them, so published figures do not change.
/// </summary>
public sealed class CustomerErasure(
    SurveyErasure erasure,
    CustomerRegistry customers,
    CampaignTable campaigns,
    CampaignCustomers campaignCustomers,
    DeliveryEventBatches deliveryEvents,
    ScoreAggregator aggregator,
    ILogger<CustomerErasure> logger)
{
    /// <returns>Whether there was a consent record to forget.</returns>
    public async Task<bool> EraseAsync(CustomerHolding held, CancellationToken cancellationToken)
    {
        foreach (var survey in held.Surveys)
        {
            await erasure.EraseAsync(survey, cancellationToken);
        }

        await campaignCustomers.ForgetAsync(held.Email, held.Campaigns, cancellationToken);
        foreach (var campaign in held.Campaigns)
        {
            await campaigns.CustomersChangedAsync(campaign, await campaignCustomers.CountAsync(campaign, cancellationToken), cancellationToken);
        }

        var forgot = await customers.ForgetAsync(held.Email, cancellationToken);
        await deliveryEvents.EraseAddressAsync(held.Email, cancellationToken);
        logger.LogInformation("Erased a customer's personal data from {Surveys} survey(s) at the support team's request.", held.Surveys.Count);

        // A comment taken off the public record leaves the published comments now, not at the next tick.
        if (held.Surveys.Any(survey => survey.Publish) && await aggregator.TryRefreshAsync(cancellationToken) is null)
        {
            logger.LogInformation("Another process is refreshing the score; its next refresh drops the erased comments.");
        }

        return forgot;
    }
}
