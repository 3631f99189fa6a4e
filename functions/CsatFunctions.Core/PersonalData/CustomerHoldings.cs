using CsatFunctions.Campaigns;
using CsatFunctions.Consent;
using CsatFunctions.Surveys;

namespace CsatFunctions.PersonalData;

/// <summary>What is held about one address: its surveys that still carry it, its consent record, the campaigns it is in.</summary>
public sealed record CustomerHolding(string Email, IReadOnlyList<Survey> Surveys, CustomerRecord Consent, IReadOnlyList<string> Campaigns)
{
    public bool HasConsentRecord => Consent.ETag is not null;

    public bool IsEmpty => Surveys.Count == 0 && !HasConsentRecord && Campaigns.Count == 0;
}

/// <summary>Finds what is held about an address, through the indexes keyed by its hash, without reading whole tables.</summary>
public sealed class CustomerHoldings(CustomerSurveys index, SurveyTable surveys, CustomerRegistry customers, CampaignTable campaigns, CampaignCustomers campaignCustomers)
{
    public async Task<CustomerHolding> FindAsync(string email, CancellationToken cancellationToken)
    {
        var held = await SurveysOfAsync(email, cancellationToken);
        var consent = await customers.GetAsync(email, cancellationToken);
        var campaignNames = (await campaigns.ListAsync(cancellationToken)).Select(campaign => campaign.Name).ToList();
        var memberships = await campaignCustomers.MembershipsAsync(email, campaignNames, cancellationToken);
        return new CustomerHolding(email, held, consent, memberships);
    }

    /// <summary>The address's surveys that still carry it (an erased one does not).</summary>
    private async Task<List<Survey>> SurveysOfAsync(string email, CancellationToken cancellationToken)
    {
        var ids = await index.ListAsync(email, cancellationToken);
        var found = await Task.WhenAll(ids.Select(id => surveys.GetAsync(id, cancellationToken)));
        return [.. found.Where(stored => string.Equals(stored?.Survey.CustomerEmail, email, StringComparison.OrdinalIgnoreCase)).Select(stored => stored!.Survey)];
    }
}
