using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using CsatFunctions.Surveys;
using CsatFunctions.Storage;

namespace CsatFunctions.Scores;

/// <summary>
/// Every survey filed under its resolution day, carrying what it is counted by (asked or not, its
/// answer, its breakdown keys), so one day can be recounted with one range query. A day's rows spread over 16 partitions (day + first hex digit
/// of the survey id) so a busy day's writes never pile onto one partition.
/// </summary>
public sealed class SurveyDayIndex(CsatStorage storage) : IProvisioned, Surveys.IHoldsSurveyPersonalData
{
    private readonly TableClient table = storage.Table("SurveyDays");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>
    /// Files the survey under its day as it stands: asked or not, its key in each breakdown, what
    /// SendGrid said of its email, whether it was reminded, and its answer if it has one. A merge, and
    /// the delivery and reminder columns are only ever set, so filing a survey read before an event
    /// or an answer landed never takes them back. An answer is written only if no answer given later
    /// is there already, so two submits racing, or a repair replaying an older answer, never leave the
    /// count behind the survey.
    /// </summary>
    public async Task FileAsync(Survey survey, CancellationToken cancellationToken)
    {
        var entity = SurveyDayRow.Filing(survey, PartitionOf(survey.ResolvedDay, survey.Id));
        if (SurveyDayRow.Answered(survey, entity) is not { } answered || survey.RatedAt is not { } ratedAt)
        {
            await table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
            return;
        }

        while (true)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, survey.Id, select: ["RatedAt"], cancellationToken: cancellationToken);
            if (found.HasValue && found.Value!.GetDateTimeOffset("RatedAt") >= ratedAt)
            {
                // A later answer is there: keep it, but add what else this filing knows.
                await table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
                return;
            }

            try
            {
                if (found.HasValue)
                {
                    await table.UpdateEntityAsync(answered, found.Value!.ETag, TableUpdateMode.Merge, cancellationToken);
                }
                else
                {
                    await table.AddEntityAsync(answered, cancellationToken);
                }

                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Written meanwhile: look again.
            }
        }
    }

    /// <summary>Takes the survey's filing off a day it is no longer counted on (its ticket was resolved again later); gone already is fine.</summary>
    public async Task RemoveAsync(DateOnly day, string surveyId, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(PartitionOf(day, surveyId), surveyId, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Removed by an earlier filing of the move.
        }
    }

    /// <summary>
    /// Files the survey's tags under its day: a merge of the tags' column alone, made only by the
    /// tagger, which files again until the column holds what the survey row holds. No other filing
    /// writes the column, and an answer filed first adds its row without it, so tags filed before or
    /// after the answer, or before or after a filing of an older copy, all stay.
    /// </summary>
    public async Task FileTagsAsync(Survey survey, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(SurveyDayRow.Tagged(survey, PartitionOf(survey.ResolvedDay, survey.Id)), TableUpdateMode.Merge, cancellationToken);

    /// <summary>Counts one day: the totals and every breakdown, with one range query over the day's 16 partitions.</summary>
    public async Task<DailyTally> CountAsync(DateOnly day, CancellationToken cancellationToken)
    {
        // '.' sorts right after '-', so this range is exactly the day's 16 partitions.
        var key = DayKey.Of(day);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {key + "-"} and PartitionKey lt {key + "."}");
        var count = new DayRowCount(day);
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: DayRowCount.Columns, cancellationToken: cancellationToken))
        {
            count.Add(row);
        }

        return count.Tally;
    }

    /// <summary>
    /// Every survey of one client company resolved in the days from <paramref name="from"/> to
    /// <paramref name="to"/> (inclusive), in day order: one range query over the period's partitions,
    /// filtered by the company as the daily counts key it.
    /// </summary>
    public IAsyncEnumerable<TableEntity> CompanyRowsAsync(DateOnly from, DateOnly to, string company, CancellationToken cancellationToken) =>
        table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey ge {DayKey.Of(from) + "-"} and PartitionKey lt {DayKey.Of(to) + "."} and Company eq {company}"),
            maxPerPage: 1000,
            cancellationToken: cancellationToken);

    /// <summary>The answered surveys resolved on one day, in no particular order, as the desk lists them.</summary>
    public async Task<List<FiledAnswer>> AnswersAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var key = DayKey.Of(day);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {key + "-"} and PartitionKey lt {key + "."} and Rating gt {""}");
        var answers = new List<FiledAnswer>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            if (SurveyDayRow.AnswerOf(row) is { } answer)
            {
                answers.Add(answer);
            }
        }

        return answers;
    }

    /// <summary>The surveys resolved on the days of the range (inclusive) that were counted but not asked, or whose email could not be delivered.</summary>
    public async IAsyncEnumerable<string> NotSurveyedAsync(DateOnly from, DateOnly to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {DayKey.Of(from) + "-"} and PartitionKey lt {DayKey.Of(to) + "."} and (NotSurveyed eq true or Undeliverable eq true)");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            yield return row.RowKey;
        }
    }

    /// <summary>Erases the ticket id, the customer's address, name and comment, and the self-rated mark worked out from them, from the survey's row; what it is counted by stays.</summary>
    public async Task ErasePersonalDataAsync(Surveys.Survey survey, CancellationToken cancellationToken)
    {
        var (day, surveyId) = (survey.ResolvedDay, survey.Id);
        try
        {
            await table.UpdateEntityAsync(
                new TableEntity(PartitionOf(day, surveyId), surveyId) { ["TicketId"] = "", ["CustomerEmail"] = "", ["CustomerName"] = "", ["Comment"] = "", ["Publish"] = false, ["AgentIsCustomer"] = false },
                ETag.All,
                TableUpdateMode.Merge,
                cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Not filed yet: it will be filed from the erased survey.
        }
    }

    /// <summary>The surveys resolved on one day that still hold a ticket id, a customer's address, name or comment, with the address.</summary>
    public async Task<List<(string SurveyId, string? Email)>> HoldingPersonalDataAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var key = DayKey.Of(day);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {key + "-"} and PartitionKey lt {key + "."} and (TicketId gt {""} or CustomerEmail gt {""} or CustomerName gt {""} or Comment gt {""})");
        var found = new List<(string, string?)>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey", "CustomerEmail"], cancellationToken: cancellationToken))
        {
            found.Add((row.RowKey, row.GetString("CustomerEmail") is { Length: > 0 } email ? email : null));
        }

        return found;
    }

    /// <summary>The earliest day any survey is filed under before <paramref name="before"/>, or null.</summary>
    public async Task<DateOnly?> EarliestDayAsync(DateOnly before, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey lt {DayKey.Of(before)}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            return DayKey.Parse(row.PartitionKey[..8]);
        }

        return null;
    }

    private static string PartitionOf(DateOnly day, string surveyId) => $"{DayKey.Of(day)}-{surveyId[0]}";
}
