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
/// The delivery log: one row per endpoint. Every delivery of an endpoint would otherwise read and
/// write the same row, and under a burst the conditional writes would fail each other over and over;
/// so each process gathers its attempts (<see cref="WebhookLogChanges"/>) and one delivery at a time
/// writes them, a read and a write conditional on it (hosts writing at once never lose each other's
/// counts). With one delivery at a time that is each attempt as it ends; a crash loses at most the
/// attempts gathered while a write was under way.
/// </summary>
[PersonalData(PersonalDataErasure.NothingToErase, "Per endpoint name: times, HTTP statuses and counts of deliveries.")]
public sealed class WebhookLog(CsatStorage storage, CsatOptions options) : IProvisioned
{
    private const string Partition = "endpoint";

    private readonly TableClient table = storage.Table("WebhookLog");
    private readonly Dictionary<string, WebhookLogChanges> pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim writing = new(1, 1);

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    public async Task RecordAsync(string endpoint, WebhookAttempt attempt, CancellationToken cancellationToken)
    {
        Gather(endpoint, [attempt]);

        // Whoever writes takes everything gathered so far; one that finds a write under way leaves its
        // attempt to it, and the writer looks again after letting go, so nothing gathered is left behind.
        while (HasPending && await writing.WaitAsync(0, cancellationToken))
        {
            try
            {
                await WriteGatheredAsync(cancellationToken);
            }
            finally
            {
                writing.Release();
            }
        }
    }

    private void Gather(string endpoint, IEnumerable<WebhookAttempt> attempts)
    {
        lock (pending)
        {
            var changes = pending.TryGetValue(endpoint, out var gathered) ? gathered : pending[endpoint] = new WebhookLogChanges();
            foreach (var attempt in attempts)
            {
                changes.Add(attempt);
            }
        }
    }

    private bool HasPending
    {
        get
        {
            lock (pending)
            {
                return pending.Count > 0;
            }
        }
    }

    private async Task WriteGatheredAsync(CancellationToken cancellationToken)
    {
        List<KeyValuePair<string, WebhookLogChanges>> gathered;
        lock (pending)
        {
            gathered = [.. pending];
            pending.Clear();
        }

        for (var written = 0; written < gathered.Count; written++)
        {
            try
            {
                await WriteAsync(gathered[written].Key, gathered[written].Value, cancellationToken);
            }
            catch
            {
                // Storage failed: what was not written is gathered again for the next write, so a blip loses no count.
                foreach (var (endpoint, changes) in gathered.Skip(written))
                {
                    Gather(endpoint, changes.Attempts);
                }

                throw;
            }
        }
    }

    private async Task WriteAsync(string endpoint, WebhookLogChanges changes, CancellationToken cancellationToken)
    {
        while (true)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, endpoint, cancellationToken: cancellationToken);
            var row = found.HasValue ? found.Value! : new TableEntity(Partition, endpoint);
            changes.ApplyTo(row);
            try
            {
                await (found.HasValue
                    ? table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken)
                    : table.AddEntityAsync(row, cancellationToken));
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another host wrote meanwhile: add this process's attempts to what it wrote.
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
