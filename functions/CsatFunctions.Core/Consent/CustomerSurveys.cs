using Azure;
using Azure.Data.Tables;
using CsatFunctions.Storage;

namespace CsatFunctions.Consent;

/// <summary>
/// Which surveys belong to an address, so everything held about a customer is found without scanning
/// every survey. One partition per address (its hash, never the address), one row per survey. Intake
/// writes it with its last writes; erasing a customer deletes it.
/// </summary>
[PersonalData(PersonalDataErasure.WithTheSurvey, "The surveys of each address, so they can be found.")]
public sealed class CustomerSurveys(CsatStorage storage) : IProvisioned
{
    private readonly TableClient table = storage.Table("CustomerSurveys");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    public Task AddAsync(string email, string surveyId, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(new TableEntity(CustomerRegistry.AddressHash(email), surveyId), TableUpdateMode.Replace, cancellationToken);

    /// <summary>The ids of the address's surveys.</summary>
    public async Task<List<string>> ListAsync(string email, CancellationToken cancellationToken)
    {
        var partition = CustomerRegistry.AddressHash(email);
        var ids = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(row => row.PartitionKey == partition, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            ids.Add(row.RowKey);
        }

        return ids;
    }

    public async Task RemoveAsync(string email, string surveyId, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(CustomerRegistry.AddressHash(email), surveyId, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already gone.
        }
    }
}
