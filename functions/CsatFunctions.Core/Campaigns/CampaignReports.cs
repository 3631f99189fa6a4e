namespace CsatFunctions.Campaigns;

/// <summary>Builds a campaign's report from its customers and its asks: for its route and for the desk.</summary>
public sealed class CampaignReports(CampaignTable campaigns, CampaignCustomers customers, CampaignAnswers answers)
{
    public async Task<CampaignReport> BuildAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var (count, asks) = (customers.CountAsync(campaign.Name, cancellationToken), answers.ReadAllAsync(campaign.Name, cancellationToken));
        await Task.WhenAll(count, asks);
        return CampaignReport.Of(campaign, await count, await asks);
    }

    /// <summary>Every campaign's report, by name.</summary>
    public async Task<List<CampaignReport>> BuildAllAsync(CancellationToken cancellationToken) =>
        [.. (await Task.WhenAll((await campaigns.ListAsync(cancellationToken)).Select(campaign => BuildAsync(campaign, cancellationToken)))).OrderBy(r => r.Name, StringComparer.Ordinal)];
}
