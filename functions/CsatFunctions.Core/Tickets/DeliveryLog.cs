using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;

namespace CsatFunctions.Tickets;

/// <summary>
/// Helpdesk deliveries already handled, by the helpdesk's own delivery id, so a retried delivery is
/// answered from here without being read again. The survey row stays the real idempotency gate. It
/// keeps the ticket's key, not its survey's id: erasing the ticket's entry in
/// <see cref="SurveysByTicket"/> leaves no way from a delivery to the survey either.
/// </summary>
[PersonalData(PersonalDataErasure.NothingToErase, "A helpdesk's delivery ids with the ticket's key, which leads nowhere once SurveysByTicket's entry is erased.")]
public sealed class DeliveryLog(CsatStorage storage, SurveysByTicket byTicket) : IProvisioned
{
    private readonly TableClient table = storage.Table("Deliveries");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    /// <returns>
    /// The survey the delivery led to (the ticket's key once the survey was erased, as intake answers);
    /// an empty string if it was ignored; null if it is new.
    /// </returns>
    public async Task<string?> FindAsync(string helpdesk, string deliveryId, CancellationToken cancellationToken)
    {
        var (partition, row) = Keys(helpdesk, deliveryId);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return null;
        }

        // Named "SurveyId" when deliveries kept the survey's id, which was the ticket's key then.
        if (found.Value!.GetString("SurveyId") is not { Length: > 0 } ticketKey)
        {
            return "";
        }

        // A ticket taken in before SurveysByTicket existed has no entry until its next delivery: its key is its survey's id.
        return await byTicket.FindAsync(ticketKey, cancellationToken) is { } entry ? entry.SurveyId ?? entry.Key : ticketKey;
    }

    /// <param name="ticketKey">The ticket's key in <see cref="SurveysByTicket"/>; null for a delivery that was ignored.</param>
    public Task RecordAsync(string helpdesk, string deliveryId, string? ticketKey, CancellationToken cancellationToken)
    {
        var (partition, row) = Keys(helpdesk, deliveryId);
        return table.UpsertEntityAsync(new TableEntity(partition, row) { ["SurveyId"] = ticketKey ?? "" }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Hashed, so any delivery id is a valid key; 16 partitions per helpdesk.</summary>
    private static (string Partition, string Row) Keys(string helpdesk, string deliveryId)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(deliveryId)));
        return ($"{helpdesk}-{hash[0]}", hash);
    }
}
