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
/// Relationship campaigns' surveys are swept by <see cref="CampaignRetentionSweep"/>.
/// </summary>
public sealed class RetentionSweep(
    CsatOptions options,
    RetentionBookmarks bookmarks,
    CountedSurveys counted,
    SurveyTable surveys,
    SurveyErasure erasure,
    CampaignRetentionSweep campaigns,
    TimeProvider time,
    ILogger<RetentionSweep> logger)
{
    public const int DaysPerRun = 31;

    private const string Bookmark = "next";

    /// <returns>How many surveys had their customer's data erased.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        if (options.RetentionDays == 0)
        {
            return 0;
        }

        // Days before this one are wholly past the retention period.
        var firstKept = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-options.RetentionDays);
        var day = await bookmarks.GetAsync(Bookmark, cancellationToken) is { } next ? DayKey.Parse(next) : await counted.EarliestDayAsync(firstKept, cancellationToken);
        var erased = 0;
        for (var swept = 0; day is { } current && current < firstKept && swept < DaysPerRun; swept++)
        {
            foreach (var (surveyId, _) in await counted.HoldingPersonalDataAsync(current, cancellationToken))
            {
                if (await surveys.GetAsync(surveyId, cancellationToken) is { } stored)
                {
                    await erasure.EraseAsync(stored.Survey, cancellationToken);
                    erased++;
                }
            }

            day = current.AddDays(1);
            await bookmarks.SetAsync(Bookmark, DayKey.Of(day.Value), cancellationToken);
        }

        erased += await campaigns.SweepAsync(firstKept, cancellationToken);
        if (erased > 0)
        {
            logger.LogInformation("Erased the customer's data of {Erased} survey(s) resolved more than {Days} days ago.", erased, options.RetentionDays);
        }

        return erased;
    }
}
