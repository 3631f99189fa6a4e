using Microsoft.Extensions.Hosting;

namespace CsatFunctions.Storage;

/// <summary>Creates the tables, queues and lease container when the host starts, before it takes any work.</summary>
public sealed class StorageProvisioning(CsatStorage storage) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await storage.EnsureCreatedAsync(cancellationToken);
        }
        catch (Exception ex) when (StorageFailure.IsOutage(ex, cancellationToken))
        {
            throw new StorageUnreachableException(
                "Storage is unreachable: check AzureWebJobsStorage (for local runs, is Azurite running? ./run.sh starts it).", ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The host cannot start: the storage account does not answer.</summary>
public sealed class StorageUnreachableException(string message, Exception inner) : Exception(message, inner);
