using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using CsatFunctions.Storage;

namespace CsatFunctions.Tickets;

/// <summary>
/// Helpdesk deliveries already handled, by the helpdesk's own delivery id, so a retried delivery is
/// answered from here without being read again. The survey row stays the real idempotency gate.
/// </summary>
public sealed class DeliveryLog(CsatStorage storage) : IProvisioned
{
    private readonly TableClient table = storage.Table("Deliveries");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    /// <returns>The survey the delivery led to; an empty string if it was ignored; null if it is new.</returns>
    public async Task<string?> FindAsync(string helpdesk, string deliveryId, CancellationToken cancellationToken)
    {
        var (partition, row) = Keys(helpdesk, deliveryId);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value!.GetString("SurveyId") ?? "" : null;
    }

    public Task RecordAsync(string helpdesk, string deliveryId, string? surveyId, CancellationToken cancellationToken)
    {
        var (partition, row) = Keys(helpdesk, deliveryId);
        return table.UpsertEntityAsync(new TableEntity(partition, row) { ["SurveyId"] = surveyId ?? "" }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Hashed, so any delivery id is a valid key; 16 partitions per helpdesk.</summary>
    private static (string Partition, string Row) Keys(string helpdesk, string deliveryId)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(deliveryId)));
        return ($"{helpdesk}-{hash[0]}", hash);
    }
}
