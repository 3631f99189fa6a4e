
namespace CsatFunctions.Scores;

/// <summary>
/// Recounts only the days marked changed since the last refresh, each a single range query over that
/// day's surveys, and saves each day's counts as one small row; first it counts the answers whose
/// recording stopped part-way, so they are among the marks.
/// </summary>
public sealed class ChangedDaysRecount(IUncountedAnswers uncounted, ScoreChangeLog changes, SurveyDayIndex dayIndex, DailyTallyTable tallies)
{
    private const int ParallelDays = 8;

    /// <returns>How many days were recounted.</returns>
    public async Task<int> RecountAsync(CancellationToken cancellationToken)
    {
        await uncounted.CountAsync(cancellationToken);
        var marks = await changes.ReadAllAsync(cancellationToken);
        var days = marks.Select(mark => mark.Day).Distinct().ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = ParallelDays, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(days, parallel, async (day, token) =>
            await tallies.SaveAsync(await dayIndex.CountAsync(day, token), token));

        // Forgotten only after the recount is saved: a refresh that dies part-way leaves its marks.
        await Parallel.ForEachAsync(marks, parallel, async (mark, token) => await changes.ForgetAsync(mark, token));
        return days.Count;
    }
}
