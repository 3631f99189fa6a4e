using Microsoft.Extensions.Hosting;

namespace CsatFunctions.Storage;

/// <summary>Creates every table, queue and container the steps own when the host starts, before it takes any work.</summary>
public sealed class StorageProvisioning(IEnumerable<IProvisioned> resources) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var resource in resources)
            {
                await resource.CreateIfNotExistsAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (StorageFailure.IsOutage(ex, cancellationToken))
        {
            throw new StorageUnreachableException(
                "Storage is unreachable: check AzureWebJobsStorage (for local runs, is Azurite running? ./run.sh starts it).", ex);
        }
        catch (Azure.RequestFailedException ex)
        {
            // Answered, but refused (403 without the data roles, 409 while a deleted table is still going): no retry mends that.
            throw new StorageUnreachableException(
                $"Storage refused to create the pipeline's tables, queues and containers ({ex.Status} {ex.ErrorCode}): check AzureWebJobsStorage and that the identity may write to the account.", ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The host cannot start: the storage account does not answer.</summary>
public sealed class StorageUnreachableException(string message, Exception inner) : Exception(message, inner);
