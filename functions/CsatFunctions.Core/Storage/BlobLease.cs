using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Storage;

/// <summary>
/// A named lock shared by every process on the storage account: a blob lease, renewed while held.
/// If the holder dies, the lease lapses within <see cref="Duration"/> and another process takes over.
/// If a renewal fails, the holder can no longer be sure it holds the lock: <see cref="Lost"/> is
/// cancelled, and work done under the lease must stop.
/// </summary>
public sealed class BlobLease : IAsyncDisposable
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);

    private readonly BlobLeaseClient client;
    private readonly CancellationTokenSource renewing = new();
    private readonly CancellationTokenSource lost = new();
    private readonly Task renewal;

    private BlobLease(BlobLeaseClient client, TimeProvider time, ILogger logger)
    {
        this.client = client;
        renewal = RenewAsync(time, logger);
    }

    /// <summary>Cancelled once a renewal fails: another process may hold the lock from then on.</summary>
    public CancellationToken Lost => lost.Token;

    /// <returns>The held lease, or null when another process holds it.</returns>
    public static async Task<BlobLease?> TryAcquireAsync(BlobContainerClient container, string name, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var blob = container.GetBlobClient(name);
        try
        {
            await blob.UploadAsync(BinaryData.Empty, overwrite: false, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // The lock's blob exists already (and may be leased, which also answers 409/412).
        }

        var client = blob.GetBlobLeaseClient();
        try
        {
            await client.AcquireAsync(Duration, cancellationToken: cancellationToken);
            return new BlobLease(client, time, logger);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await renewing.CancelAsync();
        await renewal;
        try
        {
            await client.ReleaseAsync();
        }
        catch (RequestFailedException)
        {
            // It lapses by itself within the lease duration.
        }

        renewing.Dispose();
        lost.Dispose();
    }

    private async Task RenewAsync(TimeProvider time, ILogger logger)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Duration / 3, time, renewing.Token);
                await client.RenewAsync(cancellationToken: renewing.Token);
            }
        }
        catch (OperationCanceledException) when (renewing.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is RequestFailedException || StorageFailure.IsOutage(ex, renewing.Token))
        {
            // A refusal (409: the lease was lost or taken) ends the lease as surely as an outage does.
            logger.LogWarning(ex, "Could not renew the {Lease} lease; stopping the work it guards, as another process may take over.", client.Uri.AbsolutePath);
            await lost.CancelAsync();
        }
    }
}
