using CsatFunctions.Surveys;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Campaigns;

/// <summary>
/// Asks a campaign's due customers, a few at a time, as the timer ticks (or <c>POST …/run</c> asks).
/// Each run reserves its share of the day's cap first (so several hosts never pass it together), then
/// asks due customers: never the unsubscribed or suppressed, never within <c>Csat__SurveyCooldownDays</c>
/// of any other survey (the cooldown is the ticket surveys' own), and each at most once a round: the
/// ask of (campaign, round, address) is a ticket of its own in <see cref="SurveysByTicket"/>, so its
/// survey row is the same exactly-once gate as a ticket's, and the mailer's claim sends its one email. What is reserved and not used is given back.
/// </summary>
public sealed class CampaignDrip(
    CampaignTable campaigns,
    CampaignCustomers customers,
    CustomerAsk ask,
    TimeProvider time,
    ILogger<CampaignDrip> logger)
{
    /// <summary>The most one run asks, so a tick stays short however large the cap.</summary>
    public const int MostPerRun = 500;

    /// <returns>How many customers were asked across every campaign.</returns>
    public async Task<int> RunAllAsync(CancellationToken cancellationToken)
    {
        var asked = 0;
        foreach (var campaign in await campaigns.ListAsync(cancellationToken))
        {
            asked += await RunAsync(campaign, cancellationToken);
        }

        return asked;
    }

    /// <returns>How many customers this run asked.</returns>
    public async Task<int> RunAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (day, allowed) = campaign.AllowanceAt(now);
        if (allowed == 0 || now < campaign.QuietUntil)
        {
            return 0;
        }

        var reserved = await campaigns.ReserveAsync(campaign.Name, day, allowed, MostPerRun, cancellationToken);
        if (reserved == 0)
        {
            return 0;
        }

        var asked = 0;
        try
        {
            // Some due customers are passed over (unsubscribed, cooling down), so look at a few more than reserved.
            var (due, readAll, nextDue) = await customers.DueAsync(campaign.Name, now, reserved * 2, cancellationToken);
            foreach (var customer in due)
            {
                if (asked == reserved)
                {
                    break;
                }

                asked += await ask.AskAsync(campaign, customer, now, cancellationToken) ? 1 : 0;
            }

            // Every customer was read and every due one asked: nobody is due before the soonest of the
            // rest, so runs until then skip the search (which reads the whole list); at least daily it looks again.
            if (readAll && asked == due.Count)
            {
                await campaigns.SetQuietUntilAsync(campaign, nextDue is { } next && next < now.AddDays(1) ? next : now.AddDays(1), cancellationToken);
            }
        }
        finally
        {
            await campaigns.ReleaseAsync(campaign.Name, day, reserved - asked, CancellationToken.None);
        }

        if (asked > 0)
        {
            logger.LogInformation("Campaign {Campaign} asked {Asked} customer(s).", campaign.Name, asked);
        }

        return asked;
    }
}
