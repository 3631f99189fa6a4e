using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using CsatFunctions.Storage;

namespace CsatFunctions.Consent;

/// <summary>
/// One row per customer email, keyed by a hash of the lowercased address (the address itself is not
/// stored here): the suppression list and the cooldown clock in one read. Beside it, in the same
/// partition, a row per SendGrid event that suppressed the address, so that event applied again
/// (SendGrid's retry, a batch applied twice) cannot put back a suppression the team has lifted.
/// </summary>
[PersonalData(PersonalDataErasure.WithTheCustomer, "Consent and cooldown by address; an opt-out outlives erasure under a keyed hash.")]
public sealed class CustomerRegistry(CsatStorage storage, CsatOptions options) : IProvisioned
{
    /// <summary>The partition prefix of the opt-outs kept after an erasure.</summary>
    private const string ErasedPrefix = "erased-";

    private readonly TableClient table = storage.Table("Customers");

    /// <summary>
    /// Keys the opt-outs kept after an erasure. An unkeyed hash of an address is found again by hashing
    /// a list of addresses; this one needs our key. From the ledger key, which stays the same when the
    /// link signing key is rotated.
    /// </summary>
    private readonly byte[] erasedKey = HMACSHA256.HashData(options.LedgerKey, "csat-erased-opt-out"u8);

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    public async Task<CustomerRecord> GetAsync(string email, CancellationToken cancellationToken)
    {
        var (partition, row) = Keys(email);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
        if (found.HasValue)
        {
            return new CustomerRecord(found.Value!.GetBoolean("Unsubscribed") == true, found.Value.GetDateTimeOffset("LastSurveyedAt"), found.Value.GetString("LastSurveyId"))
            {
                SuppressedBecause = Reason(found.Value),
                SuppressedAt = found.Value.GetDateTimeOffset("SuppressedAt"),
                ETag = found.Value.ETag,
            };
        }

        // Someone we know nothing else of may be someone erased who had opted out.
        var (erasedPartition, erasedRow) = ErasedKeys(email);
        var kept = await table.GetEntityIfExistsAsync<TableEntity>(erasedPartition, erasedRow, cancellationToken: cancellationToken);
        return kept.HasValue
            ? new CustomerRecord(kept.Value!.GetBoolean("Unsubscribed") == true, null) { SuppressedBecause = Reason(kept.Value) }
            : new CustomerRecord(false, null);
    }

    private static string? Reason(TableEntity row) => row.GetString("SuppressedBecause") is { Length: > 0 } reason ? reason : null;

    /// <summary>
    /// Starts the customer's cooldown for <paramref name="surveyId"/> unless another survey started one
    /// less than <paramref name="cooldown"/> ago. The write is conditional on the record read, so of
    /// several tickets closed at once for one customer exactly one is granted; the others re-read and
    /// find the cooldown running.
    /// </summary>
    /// <param name="known">The record as already read, to save a read when nothing changed since.</param>
    /// <returns>True when this survey may be sent.</returns>
    public async Task<bool> TryStartCooldownAsync(string email, string surveyId, DateTimeOffset now, TimeSpan cooldown, CustomerRecord? known, CancellationToken cancellationToken)
    {
        var (partition, row) = Keys(email);
        var record = known ?? await GetAsync(email, cancellationToken);
        while (true)
        {
            if (record.LastSurveyId == surveyId)
            {
                return true;
            }

            if (record.LastSurveyedAt > now - cooldown)
            {
                return false;
            }

            var entity = new TableEntity(partition, row) { ["LastSurveyedAt"] = now, ["LastSurveyId"] = surveyId };
            try
            {
                if (record.ETag is { } etag)
                {
                    await table.UpdateEntityAsync(entity, etag, TableUpdateMode.Merge, cancellationToken);
                }
                else
                {
                    await table.AddEntityAsync(entity, cancellationToken);
                }

                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another ticket of this customer's wrote first: decide again on what it wrote.
                record = await GetAsync(email, cancellationToken);
            }
        }
    }

    public Task SetUnsubscribedAsync(string email, bool unsubscribed, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var (partition, row) = Keys(email);
        var entity = new TableEntity(partition, row) { ["Unsubscribed"] = unsubscribed, ["UnsubscribedChangedAt"] = at };
        return table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>Puts the address on the suppression list, or keeps it there with the new reason.</summary>
    public Task SuppressAsync(string email, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var (partition, row) = Keys(email);
        return table.UpsertEntityAsync(Suppression(partition, row, reason, at), TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>
    /// Suppresses the address for SendGrid's event <paramref name="eventId"/>, once: the suppression and
    /// the event's row are written in one transaction, and an event already recorded changes nothing.
    /// </summary>
    public async Task SuppressForEventAsync(string email, string reason, DateTimeOffset at, string eventId, CancellationToken cancellationToken)
    {
        var (partition, row) = Keys(email);
        var eventRow = "event-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)));
        try
        {
            await table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.UpsertMerge, Suppression(partition, row, reason, at)),
                    new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, eventRow) { ["Reason"] = reason, ["At"] = at }),
                ],
                cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            // Applied before.
        }
    }

    /// <summary>Takes the address off the suppression list and undoes an unsubscribe (an opt-out kept after an erasure too): the customer asked to be surveyed again.</summary>
    public async Task LiftAsync(string email, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var (partition, row) = Keys(email);
        var entity = new TableEntity(partition, row) { ["Unsubscribed"] = false, ["UnsubscribedChangedAt"] = at, ["SuppressedBecause"] = "", ["SuppressionLiftedAt"] = at };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
        var (erasedPartition, erasedRow) = ErasedKeys(email);
        await DeleteIfThereAsync(erasedPartition, erasedRow, cancellationToken);
    }

    private static TableEntity Suppression(string partition, string row, string reason, DateTimeOffset at) =>
        new(partition, row) { ["SuppressedBecause"] = reason, ["SuppressedAt"] = at };

    /// <summary>What stands for an address in storage: the SHA-256 of its trimmed, lowercased form.</summary>
    public static string AddressHash(string email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));

    /// <summary>
    /// Forgets the customer's consent record (cooldown, when they last were asked), except an opt-out:
    /// someone who unsubscribed or whose address is suppressed is still not surveyed by a later ticket.
    /// What stays of them is a row keyed by a keyed hash of the address, holding only the opt-out.
    /// </summary>
    /// <returns>Whether there was a record.</returns>
    public async Task<bool> ForgetAsync(string email, CancellationToken cancellationToken)
    {
        var record = await GetAsync(email, cancellationToken);
        if (record.Unsubscribed || record.SuppressedBecause is not null)
        {
            var (erasedPartition, erasedRow) = ErasedKeys(email);
            await table.UpsertEntityAsync(
                new TableEntity(erasedPartition, erasedRow) { ["Unsubscribed"] = record.Unsubscribed, ["SuppressedBecause"] = record.SuppressedBecause ?? "" },
                TableUpdateMode.Replace,
                cancellationToken);
        }

        var (partition, row) = Keys(email);
        return await DeleteIfThereAsync(partition, row, cancellationToken);
    }

    private async Task<bool> DeleteIfThereAsync(string partition, string row, CancellationToken cancellationToken) =>
        !(await table.DeleteEntityAsync(partition, row, ETag.All, cancellationToken)).IsError;

    private (string Partition, string Row) ErasedKeys(string email)
    {
        var keyed = Convert.ToHexStringLower(HMACSHA256.HashData(erasedKey, Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));
        return (ErasedPrefix + keyed[..1], keyed);
    }

    internal static (string Partition, string Row) Keys(string email)
    {
        var hash = AddressHash(email);
        return (hash[..1], hash);
    }
}
