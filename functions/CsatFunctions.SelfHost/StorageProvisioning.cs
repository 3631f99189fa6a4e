using CsatFunctions.Storage;

namespace CsatFunctions.SelfHost;

/// <summary>Creates the tables, queues and lease container before the server takes its first request.</summary>
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

public sealed class StorageUnreachableException(string message, Exception inner) : Exception(message, inner);
