using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace CsatFunctions.Storage;

/// <summary>What we must remember about a customer to respect them: unsubscribed or not, and when we last asked.</summary>
public sealed record CustomerRecord(bool Unsubscribed, DateTimeOffset? LastSurveyedAt);

/// <summary>
/// One row per customer email, keyed by a hash of the lowercased address (the address itself is not
/// stored here): the suppression list and the cooldown clock in one read.
/// </summary>
public sealed class CustomerRegistry(CsatStorage storage)
{
    private readonly TableClient table = storage.Customers;

    public async Task<CustomerRecord> GetAsync(string email, CancellationToken cancellationToken)
    {
        var (partition, row) = Keys(email);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
        return found.HasValue
            ? new CustomerRecord(found.Value!.GetBoolean("Unsubscribed") == true, found.Value.GetDateTimeOffset("LastSurveyedAt"))
            : new CustomerRecord(false, null);
    }

    public Task MarkSurveyedAsync(string email, DateTimeOffset at, CancellationToken cancellationToken) =>
        MergeAsync(email, new() { ["LastSurveyedAt"] = at }, cancellationToken);

    public Task SetUnsubscribedAsync(string email, bool unsubscribed, DateTimeOffset at, CancellationToken cancellationToken) =>
        MergeAsync(email, new() { ["Unsubscribed"] = unsubscribed, ["UnsubscribedChangedAt"] = at }, cancellationToken);

    private Task MergeAsync(string email, Dictionary<string, object> values, CancellationToken cancellationToken)
    {
        var (partition, row) = Keys(email);
        return table.UpsertEntityAsync(new TableEntity(values) { PartitionKey = partition, RowKey = row }, TableUpdateMode.Merge, cancellationToken);
    }

    private static (string Partition, string Row) Keys(string email)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));
        return (hash[..1], hash);
    }
}
