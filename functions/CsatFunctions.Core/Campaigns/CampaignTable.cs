using Azure;
using Azure.Data.Tables;
using CsatFunctions.Storage;

namespace CsatFunctions.Campaigns;

/// <summary>
/// The campaigns' definitions (partition <c>campaign</c>, one row each, with until when nobody is
/// due) and how many each has asked on
/// each of its local days (partition <c>sent-{name}</c>, one row a day), which every host reserves from
/// with a conditional write, so the daily cap holds however many hosts drip at once.
/// </summary>
[PersonalData(PersonalDataErasure.NothingToErase, "Each campaign's settings and daily counts.")]
public sealed class CampaignTable(CsatStorage storage) : IProvisioned
{
    private const string Definitions = "campaign";

    private readonly TableClient table = storage.Table("Campaigns");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>Saves the definition; a campaign keeps the day it was first defined, which its rounds count from.</summary>
    public async Task<Campaign> SaveAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var kept = await GetAsync(campaign.Name, cancellationToken) is { } existing ? campaign with { CreatedAt = existing.CreatedAt, Customers = existing.Customers } : campaign;
        await table.UpsertEntityAsync(
            new TableEntity(Definitions, kept.Name)
            {
                ["EveryDays"] = kept.EveryDays,
                ["PerDay"] = kept.PerDay,
                ["SendDays"] = kept.SendDays,
                ["SendHours"] = kept.SendHours,
                ["TimeZone"] = kept.TimeZone,
                ["CreatedAt"] = kept.CreatedAt,
                ["Customers"] = kept.Customers,
            },
            TableUpdateMode.Replace,
            cancellationToken);
        return kept;
    }

    public async Task<Campaign?> GetAsync(string name, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Definitions, name, cancellationToken: cancellationToken);
        return found.HasValue ? From(found.Value!) : null;
    }

    public async Task<List<Campaign>> ListAsync(CancellationToken cancellationToken)
    {
        var campaigns = new List<Campaign>();
        await foreach (var row in table.QueryAsync<TableEntity>(row => row.PartitionKey == Definitions, cancellationToken: cancellationToken))
        {
            campaigns.Add(From(row));
        }

        return campaigns;
    }

    /// <summary>Records that nobody is due before <paramref name="until"/>, unless the campaign changed (an import) since it was read.</summary>
    public async Task SetQuietUntilAsync(Campaign campaign, DateTimeOffset until, CancellationToken cancellationToken)
    {
        try
        {
            await table.UpdateEntityAsync(new TableEntity(Definitions, campaign.Name) { ["QuietUntil"] = until }, campaign.Version, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Customers came in meanwhile: the next run searches again.
        }
    }

    /// <summary>Records the campaign's new number of customers; new ones may be due at once, so the next drip searches again.</summary>
    public Task CustomersChangedAsync(string name, int customers, CancellationToken cancellationToken) =>
        table.UpdateEntityAsync(new TableEntity(Definitions, name) { ["Customers"] = customers, ["QuietUntil"] = DateTimeOffset.UnixEpoch }, ETag.All, TableUpdateMode.Merge, cancellationToken);

    /// <summary>Reserves up to <paramref name="wanted"/> of the day's sends, never past <paramref name="allowed"/> in all.</summary>
    /// <returns>How many were reserved: 0 when the allowance is used up.</returns>
    public async Task<int> ReserveAsync(string name, DateOnly day, int allowed, int wanted, CancellationToken cancellationToken)
    {
        var (partition, row) = ($"sent-{name}", DayKey.Of(day));
        while (true)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
            var sent = found.HasValue ? found.Value!.GetInt32("Count") ?? 0 : 0;
            var reserved = Math.Min(wanted, allowed - sent);
            if (reserved <= 0)
            {
                return 0;
            }

            var entity = new TableEntity(partition, row) { ["Count"] = sent + reserved };
            try
            {
                await (found.HasValue
                    ? table.UpdateEntityAsync(entity, found.Value!.ETag, TableUpdateMode.Replace, cancellationToken)
                    : table.AddEntityAsync(entity, cancellationToken));
                return reserved;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another host reserved meanwhile: count again.
            }
        }
    }

    /// <summary>Gives back reservations that were not used (nobody due, or skipped), so the day's cap is not spent on nothing.</summary>
    public async Task ReleaseAsync(string name, DateOnly day, int unused, CancellationToken cancellationToken)
    {
        var (partition, row) = ($"sent-{name}", DayKey.Of(day));
        while (unused > 0)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
            if (!found.HasValue)
            {
                return;
            }

            try
            {
                var count = Math.Max(0, (found.Value!.GetInt32("Count") ?? 0) - unused);
                await table.UpdateEntityAsync(new TableEntity(partition, row) { ["Count"] = count }, found.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Changed meanwhile: give back against the new count.
            }
        }
    }

    private static Campaign From(TableEntity row) => new(
        row.RowKey,
        row.GetInt32("EveryDays") ?? 90,
        row.GetInt32("PerDay") ?? 200,
        row.GetString("SendDays") ?? "Mon-Fri",
        row.GetString("SendHours") ?? "09-17",
        row.GetString("TimeZone") ?? "UTC",
        row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.UnixEpoch)
    {
        QuietUntil = row.GetDateTimeOffset("QuietUntil"),
        Customers = row.GetInt32("Customers") ?? 0,
        Version = row.ETag,
    };
}
