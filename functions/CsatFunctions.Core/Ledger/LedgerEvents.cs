using Azure;
using Azure.Data.Tables;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;

namespace CsatFunctions.Ledger;

/// <summary>
/// What the ledger is yet to append: a counted ticket, once per survey (and once more per resolution
/// that moved it to another day after a reopen, keyed by that resolution's time: the latest
/// <c>counted</c> entry of an id names its day), and each recorded answer, once per answer (keyed by
/// the survey and the answer's time), written as the score is told of them.
/// Writing the same event again changes nothing, so retries and several hosts record it once.
/// </summary>
[PersonalData(PersonalDataErasure.NothingToErase, "Survey ids (random), days, kinds and buckets waiting for the ledger.")]
public sealed class LedgerEvents(CsatStorage storage) : IProvisioned
{
    private const string Pending = "pending";

    private readonly TableClient table = storage.Table("LedgerPending");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    public async Task RecordAsync(Survey survey, CancellationToken cancellationToken)
    {
        var day = survey.ResolvedDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var counted = survey.RefiledFrom is null ? $"c-{survey.Id}" : $"c-{survey.Id}-{survey.ResolvedAt.UtcTicks}";
        var writes = new List<Task> { AddAsync(new LedgerEvent(counted, survey.ReceivedAt, day, survey.Id, LedgerEntry.Counted, null, null, null), cancellationToken) };
        if (survey is { Rating: { } rating, RatedAt: { } ratedAt })
        {
            writes.Add(AddAsync(new LedgerEvent($"a-{survey.Id}-{ratedAt.UtcTicks}", ratedAt, day, survey.Id, LedgerEntry.Answered, rating.ToWire(), survey.Scale.Name, survey.Score), cancellationToken));
        }

        await Task.WhenAll(writes);
    }

    /// <summary>Every event waiting, in the order they happened.</summary>
    public async Task<List<LedgerEvent>> ReadAsync(CancellationToken cancellationToken)
    {
        var events = new List<LedgerEvent>();
        await foreach (var row in table.QueryAsync<TableEntity>(row => row.PartitionKey == Pending, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            events.Add(new LedgerEvent(
                row.RowKey,
                row.GetDateTimeOffset("At") ?? DateTimeOffset.UnixEpoch,
                row.GetString("Day") ?? "",
                row.GetString("SurveyId") ?? "",
                row.GetString("Kind") ?? "",
                row.GetString("Bucket") is { Length: > 0 } bucket ? bucket : null,
                row.GetString("Scale") is { Length: > 0 } scale ? scale : null,
                row.GetInt32("Value")));
        }

        return [.. events.OrderBy(e => e.At).ThenBy(e => e.Key, StringComparer.Ordinal)];
    }

    public async Task ForgetAsync(LedgerEvent appended, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(Pending, appended.Key, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Forgotten already.
        }
    }

    private async Task AddAsync(LedgerEvent happened, CancellationToken cancellationToken)
    {
        var row = new TableEntity(Pending, happened.Key)
        {
            ["At"] = happened.At,
            ["Day"] = happened.Day,
            ["SurveyId"] = happened.SurveyId,
            ["Kind"] = happened.Kind,
            ["Bucket"] = happened.Bucket ?? "",
            ["Scale"] = happened.Scale ?? "",
        };
        if (happened.Value is { } value)
        {
            row["Value"] = value;
        }

        try
        {
            await table.AddEntityAsync(row, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Recorded already (a retry, a repeat filing, another host).
        }
    }
}
