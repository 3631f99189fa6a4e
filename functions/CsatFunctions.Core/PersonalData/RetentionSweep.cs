using Azure;
using Azure.Data.Tables;
using CsatFunctions.Campaigns;
using CsatFunctions.Consent;
using CsatFunctions.Scores;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.PersonalData;

/// <summary>
/// <c>Csat__RetentionDays</c>: after each scheduled refresh, erases the personal data of surveys
/// resolved more than that many days ago, a whole UTC day at a time once every survey of the day is
/// past the period, as <see cref="SurveyErasure"/> does for a customer's request. It keeps a bookmark
/// (the next day to sweep), so a tick with nothing due costs one small read, and sweeps at most
/// <see cref="DaysPerRun"/> days a run, so turning it on over years of history catches up over a few ticks.
/// Relationship campaigns' surveys are not filed under a day: once a UTC day, each campaign's asks
/// older than the period are looked up in its answers and erased the same way.
/// </summary>
[PersonalData(PersonalDataErasure.NothingToErase, "The next day to sweep.")]
public sealed class RetentionSweep(
    CsatOptions options,
    CsatStorage storage,
    CountedSurveys counted,
    SurveyTable surveys,
    SurveyErasure erasure,
    CustomerSurveys index,
    CampaignTable campaigns,
    CampaignAnswers campaignAnswers,
    TimeProvider time,
    ILogger<RetentionSweep> logger) : IProvisioned
{
    public const int DaysPerRun = 31;

    private readonly TableClient bookmarks = storage.Table("Retention");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await bookmarks.CreateIfNotExistsAsync(cancellationToken);

    /// <returns>How many surveys had their customer's data erased.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        if (options.RetentionDays == 0)
        {
            return 0;
        }

        // Days before this one are wholly past the retention period.
        var firstKept = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-options.RetentionDays);
        var bookmark = await bookmarks.GetEntityIfExistsAsync<TableEntity>("sweep", "next", cancellationToken: cancellationToken);
        var day = bookmark.HasValue ? DayKey.Parse(bookmark.Value!.GetString("Day")) : await counted.EarliestDayAsync(firstKept, cancellationToken);
        var erased = 0;
        for (var swept = 0; day is { } current && current < firstKept && swept < DaysPerRun; swept++)
        {
            foreach (var (surveyId, email) in await counted.HoldingPersonalDataAsync(current, cancellationToken))
            {
                if (await surveys.GetAsync(surveyId, cancellationToken) is { } stored)
                {
                    await erasure.EraseAsync(stored.Survey, cancellationToken);
                    erased++;
                }

                if (email is not null)
                {
                    await index.RemoveAsync(email, surveyId, cancellationToken);
                }
            }

            day = current.AddDays(1);
            await bookmarks.UpsertEntityAsync(new TableEntity("sweep", "next") { ["Day"] = DayKey.Of(day.Value) }, TableUpdateMode.Replace, cancellationToken);
        }

        erased += await SweepCampaignsAsync(firstKept, cancellationToken);
        if (erased > 0)
        {
            logger.LogInformation("Erased the customer's data of {Erased} survey(s) resolved more than {Days} days ago.", erased, options.RetentionDays);
        }

        return erased;
    }

    /// <summary>Each campaign's asks before <paramref name="firstKept"/>, once a UTC day: a campaign's partition is read whole, so not every tick.</summary>
    private async Task<int> SweepCampaignsAsync(DateOnly firstKept, CancellationToken cancellationToken)
    {
        var today = DayKey.Of(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        var done = await bookmarks.GetEntityIfExistsAsync<TableEntity>("sweep", "campaigns", cancellationToken: cancellationToken);
        if (done.HasValue && done.Value!.GetString("Day") == today)
        {
            return 0;
        }

        var erased = 0;
        var before = new DateTimeOffset(firstKept.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        foreach (var campaign in await campaigns.ListAsync(cancellationToken))
        {
            foreach (var surveyId in await campaignAnswers.UnsweptBeforeAsync(campaign.Name, before, cancellationToken))
            {
                if (await surveys.GetAsync(surveyId, cancellationToken) is { Survey: var survey })
                {
                    await erasure.EraseAsync(survey, cancellationToken);
                    if (survey.CustomerEmail is { } email)
                    {
                        await index.RemoveAsync(email, surveyId, cancellationToken);
                        erased++;
                    }
                }

                await campaignAnswers.MarkSweptAsync(campaign.Name, surveyId, cancellationToken);
            }
        }

        await bookmarks.UpsertEntityAsync(new TableEntity("sweep", "campaigns") { ["Day"] = today }, TableUpdateMode.Replace, cancellationToken);
        return erased;
    }
}
