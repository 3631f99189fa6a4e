using Azure;
using Azure.Data.Tables;
using CsatFunctions.Consent;
using CsatFunctions.Storage;

namespace CsatFunctions.Campaigns;

/// <summary>One customer of a campaign, as imported.</summary>
public sealed record CampaignCustomer(string Email, string? Name, string? Locale);

/// <summary>A customer the drip may ask now.</summary>
public sealed record DueCustomer(string Hash, string Email, string? Name, string? Locale);

/// <summary>
/// Each campaign's customers: one partition per campaign, one row per address (keyed by its hash),
/// with when the customer is next due to be asked. An import writes names and languages only, so
/// importing again never resets when anyone was asked.
/// </summary>
[PersonalData(PersonalDataErasure.WithTheCustomer, "Each campaign's customers: address, name, language.")]
public sealed class CampaignCustomers(CsatStorage storage) : IProvisioned
{
    /// <summary>Table Storage's largest transaction: one round trip writes this many customers.</summary>
    public const int BatchSize = 100;

    private readonly TableClient table = storage.Table("CampaignCustomers");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>Adds or updates up to <see cref="BatchSize"/> customers (distinct addresses) in one transaction.</summary>
    public async Task UpsertAsync(string campaign, IReadOnlyList<CampaignCustomer> customers, CancellationToken cancellationToken)
    {
        if (customers.Count == 0)
        {
            return;
        }

        await table.SubmitTransactionAsync(
            customers.Select(customer => new TableTransactionAction(
                TableTransactionActionType.UpsertMerge,
                new TableEntity(campaign, CustomerRegistry.AddressHash(customer.Email))
                {
                    ["Email"] = customer.Email,
                    ["Name"] = customer.Name ?? "",
                    ["Locale"] = customer.Locale ?? "",
                })),
            cancellationToken);
    }

    /// <summary>Removes the campaign's customers whose address hashes <paramref name="kept"/> does not keep.</summary>
    /// <returns>How many were removed.</returns>
    public async Task<int> RemoveAllButAsync(string campaign, Func<string, bool> kept, CancellationToken cancellationToken)
    {
        var gone = new List<TableTransactionAction>();
        var removed = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(row => row.PartitionKey == campaign, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (!kept(row.RowKey))
            {
                gone.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(campaign, row.RowKey), ETag.All));
            }
        }

        foreach (var batch in gone.Chunk(BatchSize))
        {
            await table.SubmitTransactionAsync(batch, cancellationToken);
            removed += batch.Length;
        }

        return removed;
    }

    /// <summary>Up to <paramref name="take"/> customers never asked, or whose next round has come, in key order.</summary>
    /// <returns>The due customers; and, when the search read every customer, the soonest anyone else is due (null for nobody).</returns>
    public async Task<(List<DueCustomer> Due, bool ReadAll, DateTimeOffset? NextDue)> DueAsync(string campaign, DateTimeOffset now, int take, CancellationToken cancellationToken)
    {
        var due = new List<DueCustomer>();
        DateTimeOffset? next = null;
        await foreach (var row in table.QueryAsync<TableEntity>(row => row.PartitionKey == campaign, maxPerPage: 1000, select: ["RowKey", "Email", "Name", "Locale", "DueAt"], cancellationToken: cancellationToken))
        {
            if (row.GetDateTimeOffset("DueAt") is { } dueAt && dueAt > now)
            {
                next = next is { } soonest && soonest <= dueAt ? soonest : dueAt;
                continue;
            }

            due.Add(new DueCustomer(row.RowKey, row.GetString("Email") ?? "", Text(row, "Name"), Text(row, "Locale")));
            if (due.Count == take)
            {
                return (due, false, null);
            }
        }

        return (due, true, next);
    }

    /// <summary>Records that the customer was asked (or passed over) and when they are next due.</summary>
    public Task SetDueAsync(string campaign, string hash, DateTimeOffset dueAt, CancellationToken cancellationToken) =>
        table.UpdateEntityAsync(new TableEntity(campaign, hash) { ["DueAt"] = dueAt }, ETag.All, TableUpdateMode.Merge, cancellationToken);

    public async Task<int> CountAsync(string campaign, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(row => row.PartitionKey == campaign, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            count++;
        }

        return count;
    }

    /// <summary>Which of <paramref name="campaigns"/> the address is a customer of.</summary>
    public async Task<List<string>> MembershipsAsync(string email, IEnumerable<string> campaigns, CancellationToken cancellationToken)
    {
        var hash = CustomerRegistry.AddressHash(email);
        var found = await Task.WhenAll(campaigns.Select(async campaign =>
            (campaign, (await table.GetEntityIfExistsAsync<TableEntity>(campaign, hash, select: ["RowKey"], cancellationToken: cancellationToken)).HasValue)));
        return [.. found.Where(f => f.HasValue).Select(f => f.campaign)];
    }

    /// <summary>Takes the address out of every campaign it is in.</summary>
    public async Task ForgetAsync(string email, IEnumerable<string> campaigns, CancellationToken cancellationToken)
    {
        var hash = CustomerRegistry.AddressHash(email);
        foreach (var campaign in campaigns)
        {
            try
            {
                await table.DeleteEntityAsync(campaign, hash, ETag.All, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Not a customer of this one.
            }
        }
    }

    private static string? Text(TableEntity row, string column) => row.GetString(column) is { Length: > 0 } value ? value : null;
}
