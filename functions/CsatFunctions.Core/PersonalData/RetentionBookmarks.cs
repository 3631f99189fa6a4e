using Azure.Data.Tables;
using CsatFunctions.Storage;

namespace CsatFunctions.PersonalData;

/// <summary>Where each retention sweep got to (a day), so a tick with nothing due costs one small read.</summary>
[PersonalData(PersonalDataErasure.NothingToErase, "The next day to sweep, and the day campaigns were last swept.")]
public sealed class RetentionBookmarks(CsatStorage storage) : IProvisioned
{
    private readonly TableClient table = storage.Table("Retention");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    public async Task<string?> GetAsync(string sweep, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>("sweep", sweep, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value!.GetString("Day") : null;
    }

    public Task SetAsync(string sweep, string day, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(new TableEntity("sweep", sweep) { ["Day"] = day }, TableUpdateMode.Replace, cancellationToken);
}
