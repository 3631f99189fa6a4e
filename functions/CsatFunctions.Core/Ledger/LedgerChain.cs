using System.Globalization;
using Azure.Data.Tables;
using CsatFunctions.Storage;

namespace CsatFunctions.Ledger;

/// <summary>
/// The hash chain itself, in one partition: the head (last sequence number and hash), each entry by
/// its sequence number with the UTC day it was appended, and a marker per appended event. Entries, their
/// markers and the moved head go in one transaction, so an event is appended exactly once however
/// often it is recorded, and a crash leaves either all of a batch or none of it.
/// </summary>
[PersonalData(PersonalDataErasure.NothingToErase, "Public entries: days, kinds, buckets and ids keyed by the ledger key.")]
public sealed class LedgerChain(CsatStorage storage, TimeProvider time) : IProvisioned
{
    private const string Partition = "chain";
    private const string Head = "head";

    /// <summary>Two rows an event, and the head: within Table Storage's 100 actions a transaction.</summary>
    private const int EventsPerTransaction = 49;

    private readonly TableClient table = storage.Table("Ledger");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>Appends the events not appended before, in the order given.</summary>
    /// <param name="idOf">The survey's opaque public id.</param>
    /// <returns>The events now in the chain (appended by this call or before), which may be forgotten.</returns>
    public async Task<List<LedgerEvent>> AppendAsync(IReadOnlyList<LedgerEvent> events, Func<string, string> idOf, CancellationToken cancellationToken)
    {
        var done = new List<LedgerEvent>();
        var fresh = new List<LedgerEvent>();
        foreach (var happened in events)
        {
            var marker = await table.GetEntityIfExistsAsync<TableEntity>(Partition, Marker(happened.Key), select: ["RowKey"], cancellationToken: cancellationToken);
            (marker.HasValue ? done : fresh).Add(happened);
        }

        foreach (var batch in fresh.Chunk(EventsPerTransaction))
        {
            var head = await table.GetEntityIfExistsAsync<TableEntity>(Partition, Head, cancellationToken: cancellationToken);
            var (seq, prev) = head.HasValue ? (head.Value!.GetInt64("Seq") ?? 0, head.Value.GetString("Hash") ?? LedgerEntry.Genesis) : (0L, LedgerEntry.Genesis);
            var appendedOn = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var actions = new List<TableTransactionAction>();
            foreach (var happened in batch)
            {
                var entry = LedgerEntry.Chain(++seq, happened.Day, idOf(happened.SurveyId), happened.Kind, happened.Bucket, happened.Scale, happened.Value, prev);
                prev = entry.Hash;
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(Partition, EntryKey(entry.Seq))
                {
                    ["Day"] = entry.Day,
                    ["Id"] = entry.Id,
                    ["Kind"] = entry.Kind,
                    ["Bucket"] = entry.Bucket ?? "",
                    ["Scale"] = entry.Scale ?? "",
                    ["Value"] = entry.Value ?? -1,
                    ["Prev"] = entry.Prev,
                    ["Hash"] = entry.Hash,
                    ["AppendedOn"] = appendedOn,
                }));
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(Partition, Marker(happened.Key)) { ["Seq"] = entry.Seq }));
            }

            var moved = new TableEntity(Partition, Head) { ["Seq"] = seq, ["Hash"] = prev };
            actions.Add(head.HasValue
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, moved, head.Value!.ETag)
                : new TableTransactionAction(TableTransactionActionType.Add, moved));

            // A conflict means another appender moved the head or appended one of these: the next refresh appends what is left.
            await table.SubmitTransactionAsync(actions, cancellationToken);
            done.AddRange(batch);
        }

        return done;
    }

    /// <summary>The hash of the last entry (the genesis hash while there is none): one point read.</summary>
    public async Task<string> HeadAsync(CancellationToken cancellationToken)
    {
        var head = await table.GetEntityIfExistsAsync<TableEntity>(Partition, Head, select: ["Hash"], cancellationToken: cancellationToken);
        return head.HasValue ? head.Value!.GetString("Hash") ?? LedgerEntry.Genesis : LedgerEntry.Genesis;
    }

    /// <summary>The entries after <paramref name="seq"/> (0 for all), in order, with the UTC day each was appended on: one range query.</summary>
    public async Task<List<(LedgerEntry Entry, string AppendedOn)>> ReadAfterAsync(long seq, CancellationToken cancellationToken)
    {
        var entries = new List<(LedgerEntry, string)>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey gt {EntryKey(seq)} and RowKey lt {"e."}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            entries.Add((
                new LedgerEntry(
                    long.Parse(row.RowKey[2..], CultureInfo.InvariantCulture),
                    row.GetString("Day") ?? "",
                    row.GetString("Id") ?? "",
                    row.GetString("Kind") ?? "",
                    row.GetString("Bucket") is { Length: > 0 } bucket ? bucket : null,
                    row.GetString("Scale") is { Length: > 0 } scale ? scale : null,
                    row.GetInt32("Value") is { } value && value >= 0 ? value : null,
                    row.GetString("Prev") ?? "",
                    row.GetString("Hash") ?? ""),
                row.GetString("AppendedOn") ?? ""));
        }

        return entries;
    }

    private static string EntryKey(long seq) => "e-" + seq.ToString("D12", CultureInfo.InvariantCulture);

    private static string Marker(string eventKey) => "k-" + eventKey;
}
