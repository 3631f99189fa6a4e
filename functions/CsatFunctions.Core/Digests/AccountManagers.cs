using Azure.Data.Tables;
using CsatFunctions.Storage;

namespace CsatFunctions.Digests;

/// <summary>
/// The account-manager mapping (table <c>AccountManagers</c>, one row per company keyed by
/// <see cref="AccountManager.KeyOf"/>): which company's monthly digest goes to whom. An import
/// replaces it: every imported row is written, then every row the import did not list (nor refused) is removed.
/// </summary>
[PersonalData(PersonalDataErasure.NothingToErase, "Client company names and the team's own account managers' work addresses; no customer's.")]
public sealed class AccountManagers(CsatStorage storage) : IProvisioned
{
    private const string Partition = "company";
    private readonly TableClient table = storage.Table("AccountManagers");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>The whole mapping, by company name.</summary>
    public async Task<List<AccountManager>> ListAsync(CancellationToken cancellationToken)
    {
        var managers = new List<AccountManager>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            managers.Add(new AccountManager(row.GetString("Company"), row.GetString("Email")));
        }

        return [.. managers.OrderBy(manager => manager.Company, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Makes the mapping <paramref name="managers"/> (their companies are distinct), keeping the rows of
    /// <paramref name="kept"/>. Every upsert is written before any delete, so a crash partway leaves the old
    /// mapping with the new one over it (a superset), never a company dropped that the import listed.
    /// </summary>
    public async Task ReplaceAsync(IReadOnlyList<AccountManager> managers, IReadOnlyCollection<string> kept, CancellationToken cancellationToken)
    {
        var keep = managers.Select(manager => manager.Company).Concat(kept).Select(AccountManager.KeyOf).ToHashSet(StringComparer.Ordinal);
        var upserts = managers.Select(manager => new TableTransactionAction(
            TableTransactionActionType.UpsertReplace,
            new TableEntity(Partition, AccountManager.KeyOf(manager.Company)) { ["Company"] = manager.Company, ["Email"] = manager.AccountManagerEmail })).ToList();
        var deletes = new List<TableTransactionAction>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (!keep.Contains(row.RowKey))
            {
                deletes.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Partition, row.RowKey), Azure.ETag.All));
            }
        }

        // One partition, so 100 changes a round trip (the most a transaction takes); upserts and deletes never share one.
        foreach (var chunk in upserts.Chunk(100).Concat(deletes.Chunk(100)))
        {
            await table.SubmitTransactionAsync(chunk, cancellationToken);
        }
    }
}
