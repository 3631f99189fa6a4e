using CsatFunctions.Consent;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;

namespace CsatFunctions.Campaigns;

/// <summary>
/// Asks one due customer a campaign's question, at most once a round: never the unsubscribed or
/// suppressed, never within <c>Csat__SurveyCooldownDays</c> of any other survey. The ask of
/// (campaign, round, address) is a ticket of its own in <see cref="SurveysByTicket"/>, so its survey
/// row is the same exactly-once gate as a ticket's; a retry of an ask cut off after its insert finishes it.
/// </summary>
public sealed class CustomerAsk(
    CampaignCustomers customers,
    CampaignAnswers answers,
    SurveysByTicket byTicket,
    SurveyTable surveys,
    JsonQueue<SurveyMessage> queue,
    CustomerRegistry registry,
    CustomerSurveys index,
    CsatOptions options)
{
    /// <summary>A customer held back by another survey's cooldown is looked at again this much later.</summary>
    private static readonly TimeSpan CooldownRetry = TimeSpan.FromDays(1);

    /// <returns>Whether the customer was asked now (false: passed over until later, or asked already this round).</returns>
    public async Task<bool> AskAsync(Campaign campaign, DueCustomer customer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var round = campaign.RoundAt(now);
        var entry = await byTicket.ClaimAsync("campaign-" + campaign.Name, $"{round}/{customer.Hash}", cancellationToken);
        var record = await registry.GetAsync(customer.Email, cancellationToken);

        // An ask whose survey was erased is not made again in the same round.
        if (entry.SurveyId is not { } surveyId || SkipReasons.For(record) is not null)
        {
            await customers.SetDueAsync(campaign.Name, customer.Hash, now.AddDays(campaign.EveryDays), cancellationToken);
            return false;
        }

        if (options.SurveyCooldown > TimeSpan.Zero && !await registry.TryStartCooldownAsync(customer.Email, surveyId, now, options.SurveyCooldown, record, cancellationToken))
        {
            await customers.SetDueAsync(campaign.Name, customer.Hash, now + CooldownRetry, cancellationToken);
            return false;
        }

        var survey = new Survey(surveyId, "campaign", $"{campaign.Name}/{round + 1}", customer.Email, customer.Name, null, null, null, now, now)
        {
            Campaign = campaign.Name,
            Scale = Scale.Nps,
            Locale = customer.Locale,
            TicketKey = entry.Key,
        };
        var isNew = await surveys.TryInsertAsync(survey, cancellationToken);

        // A retry of an ask cut off after its insert finishes it; one already on its way is left alone.
        var pending = isNew || (await surveys.GetAsync(surveyId, cancellationToken))?.Survey.Email == EmailState.Pending;
        if (pending)
        {
            await Task.WhenAll(
                answers.AskedAsync(campaign.Name, round, surveyId, now, cancellationToken),
                index.AddAsync(customer.Email, surveyId, cancellationToken),
                queue.EnqueueAsync(new SurveyMessage(surveyId), null, cancellationToken));
        }

        await customers.SetDueAsync(campaign.Name, customer.Hash, now.AddDays(campaign.EveryDays), cancellationToken);
        return isNew;
    }
}
