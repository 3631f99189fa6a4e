using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using CsatFunctions.Ratings;
using CsatFunctions.Scores;

namespace CsatFunctions.Storage;

/// <summary>
/// Every survey filed under its resolution day, carrying only its rating, so one day can be
/// recounted with one range query. A day's rows spread over 16 partitions (day + first hex digit
/// of the survey id) so a busy day's writes never pile onto one partition.
/// </summary>
public sealed class SurveyDayIndex(CsatStorage storage)
{
    private readonly TableClient table = storage.SurveyDays;

    /// <summary>Files the survey under its day; a merge, so an existing rating survives a repeat.</summary>
    /// <param name="touchpoint">The part of the service, for the per-touchpoint breakdown; null for none.</param>
    /// <param name="notSurveyed">Counted as resolved but not asked (unsubscribed, cooldown).</param>
    public Task AddAsync(DateOnly day, string surveyId, string? touchpoint, bool notSurveyed, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(
            new TableEntity(PartitionOf(day, surveyId), surveyId) { ["NotSurveyed"] = notSurveyed, ["Touchpoint"] = touchpoint ?? "" },
            TableUpdateMode.Merge,
            cancellationToken);

    /// <summary>
    /// Files the survey's answer under its day, unless an answer given later is there already: two
    /// submits racing, or a repair replaying an older answer, never leave the count behind the survey.
    /// </summary>
    /// <param name="score">The number answered on the five-point and NPS scales; null on the three-level one.</param>
    public async Task SetRatingAsync(DateOnly day, string surveyId, Rating rating, Scale scale, int? score, DateTimeOffset ratedAt, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(PartitionOf(day, surveyId), surveyId) { ["Rating"] = rating.ToWire(), ["Scale"] = scale.ToWire(), ["Score"] = score ?? -1, ["RatedAt"] = ratedAt };
        while (true)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, surveyId, select: ["RatedAt"], cancellationToken: cancellationToken);
            if (found.HasValue && found.Value!.GetDateTimeOffset("RatedAt") >= ratedAt)
            {
                return;
            }

            try
            {
                if (found.HasValue)
                {
                    await table.UpdateEntityAsync(entity, found.Value!.ETag, TableUpdateMode.Merge, cancellationToken);
                }
                else
                {
                    await table.AddEntityAsync(entity, cancellationToken);
                }

                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Written meanwhile: look again.
            }
        }
    }

    public async Task<DailyTally> CountAsync(DateOnly day, CancellationToken cancellationToken)
    {
        // '.' sorts right after '-', so this range is exactly the day's 16 partitions.
        var key = DayKey.Of(day);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {key + "-"} and PartitionKey lt {key + "."}");
        var total = new DailyTally(day, 0, 0, 0, 0);
        var byTouchpoint = new SortedDictionary<string, DailyTally>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["Rating", "NotSurveyed", "Touchpoint", "Scale", "Score"], cancellationToken: cancellationToken))
        {
            Rating? rating = RatingNames.TryParse(row.GetString("Rating"), out var given) ? given : null;
            var notSurveyed = row.GetBoolean("NotSurveyed") == true;
            var scale = ScaleNames.TryParse(row.GetString("Scale"), out var asked) ? asked : Scale.ThreeLevel;
            int? score = row.GetInt32("Score") is { } number && number >= 0 ? number : null;
            total = total.Add(rating, notSurveyed, scale, score);
            if (row.GetString("Touchpoint") is { Length: > 0 } touchpoint)
            {
                byTouchpoint[touchpoint] = byTouchpoint.GetValueOrDefault(touchpoint, new DailyTally(day, 0, 0, 0, 0)).Add(rating, notSurveyed, scale, score);
            }
        }

        return total with { ByTouchpoint = byTouchpoint };
    }

    /// <summary>The surveys resolved on the days of the range (inclusive) that were counted but not asked.</summary>
    public async IAsyncEnumerable<string> NotSurveyedAsync(DateOnly from, DateOnly to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {DayKey.Of(from) + "-"} and PartitionKey lt {DayKey.Of(to) + "."} and NotSurveyed eq true");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            yield return row.RowKey;
        }
    }

    private static string PartitionOf(DateOnly day, string surveyId) => $"{DayKey.Of(day)}-{surveyId[0]}";
}
