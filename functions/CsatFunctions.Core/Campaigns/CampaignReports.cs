
namespace CsatFunctions.Campaigns;

/// <summary>Builds a campaign's report from its definition (with its customer count) and its asks: for its route and for the desk.</summary>
public sealed class CampaignReports(CampaignTable campaigns, CampaignAnswers answers)
{
    public async Task<CampaignReport> BuildAsync(Campaign campaign, CancellationToken cancellationToken) =>
        CampaignReport.Of(campaign, await answers.ReadAllAsync(campaign.Name, cancellationToken));

    /// <summary>Every campaign's report, by name.</summary>
    public async Task<List<CampaignReport>> BuildAllAsync(CancellationToken cancellationToken) =>
        [.. (await Task.WhenAll((await campaigns.ListAsync(cancellationToken)).Select(campaign => BuildAsync(campaign, cancellationToken)))).OrderBy(r => r.Name, StringComparer.Ordinal)];
}
