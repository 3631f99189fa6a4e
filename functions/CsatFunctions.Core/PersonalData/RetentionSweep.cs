using Azure;
using Azure.Data.Tables;
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
/// </summary>
public sealed class RetentionSweep(
    CsatOptions options,
    CsatStorage storage,
    CountedSurveys counted,
    SurveyTable surveys,
    SurveyErasure erasure,
    CustomerSurveys index,
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

        if (erased > 0)
        {
            logger.LogInformation("Erased the customer's data of {Erased} survey(s) resolved more than {Days} days ago.", erased, options.RetentionDays);
        }

        return erased;
    }
}
