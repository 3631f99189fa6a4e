using Azure;
using Azure.Data.Tables;
using CsatFunctions.Storage;

namespace CsatFunctions.Webhooks;

/// <summary>What the desk shows of one endpoint's deliveries. The endpoint by its host only; never its URL's path or its secret.</summary>
/// <param name="Delivered">Events the receiver took (2xx).</param>
/// <param name="Failed">Events given up on: in the poison queue, to be replayed.</param>
public sealed record WebhookEndpointLog(
    string Endpoint,
    string Host,
    DateTimeOffset? LastAttemptAt,
    string? LastStatus,
    DateTimeOffset? LastSuccessAt,
    int ConsecutiveFailures,
    long Delivered,
    long Failed);

/// <summary>
/// The delivery log: one row per endpoint, updated after every attempt (a read and a write
/// conditional on it, so hosts delivering at once never lose each other's counts).
/// </summary>
[PersonalData(PersonalDataErasure.NothingToErase, "Per endpoint name: times, HTTP statuses and counts of deliveries.")]
public sealed class WebhookLog(CsatStorage storage, CsatOptions options) : IProvisioned
{
    private const string Partition = "endpoint";

    private readonly TableClient table = storage.Table("WebhookLog");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    public async Task RecordAsync(string endpoint, WebhookAttempt attempt, CancellationToken cancellationToken)
    {
        while (true)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, endpoint, cancellationToken: cancellationToken);
            var row = found.HasValue ? found.Value! : new TableEntity(Partition, endpoint);
            var delivered = attempt.Outcome == WebhookOutcome.Delivered;
            row["LastAttemptAt"] = attempt.At;
            row["LastStatus"] = attempt.Status;
            row["ConsecutiveFailures"] = delivered ? 0 : (row.GetInt32("ConsecutiveFailures") ?? 0) + 1;
            if (delivered)
            {
                row["LastSuccessAt"] = attempt.At;
                row["Delivered"] = (row.GetInt64("Delivered") ?? 0) + 1;
            }
            else if (attempt.Outcome == WebhookOutcome.GivenUp)
            {
                row["Failed"] = (row.GetInt64("Failed") ?? 0) + 1;
            }

            try
            {
                await (found.HasValue
                    ? table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken)
                    : table.AddEntityAsync(row, cancellationToken));
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another attempt was recorded meanwhile: count on top of it.
            }
        }
    }

    /// <summary>Every configured endpoint, in the order of the settings, with what is logged of it (nothing yet for a new one).</summary>
    public async Task<List<WebhookEndpointLog>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        if (options.Webhooks.Any)
        {
            await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
            {
                rows[row.RowKey] = row;
            }
        }

        return [.. options.Webhooks.Endpoints.Select(endpoint => rows.TryGetValue(endpoint.Name, out var row)
            ? new WebhookEndpointLog(endpoint.Name, endpoint.Host, row.GetDateTimeOffset("LastAttemptAt"), row.GetString("LastStatus"), row.GetDateTimeOffset("LastSuccessAt"), row.GetInt32("ConsecutiveFailures") ?? 0, row.GetInt64("Delivered") ?? 0, row.GetInt64("Failed") ?? 0)
            : new WebhookEndpointLog(endpoint.Name, endpoint.Host, null, null, null, 0, 0, 0))];
    }
}
