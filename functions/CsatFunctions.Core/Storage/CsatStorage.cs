using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace CsatFunctions.Storage;

/// <summary>
/// The storage account: clients for the tables, queues and containers that each step names for
/// itself, all prefixed by <see cref="StorageOptions.Prefix"/>, and the container of the blob leases.
/// It knows no step; each step's storage class asks it for a client and creates what it owns.
/// </summary>
public sealed class CsatStorage : IProvisioned
{
    private readonly TableServiceClient tables;

    public CsatStorage(StorageOptions options)
    {
        Options = options;
        tables = options.ConnectionString is { } connection
            ? new TableServiceClient(connection, Configure(new TableClientOptions()))
            : new TableServiceClient(Uris(options).Table, options.Credential, Configure(new TableClientOptions()));
        Leases = Container("leases");
    }

    public StorageOptions Options { get; }

    /// <summary>Where <see cref="BlobLease"/>s live.</summary>
    public BlobContainerClient Leases { get; }

    /// <param name="name">The table's name after the prefix, such as <c>Surveys</c>.</param>
    public TableClient Table(string name) => tables.GetTableClient(Options.Prefix + name);

    /// <param name="name">The queue's name after the prefix and a hyphen, such as <c>surveys</c>.</param>
    public QueueClient Queue(string name)
    {
        var queueOptions = Configure(new QueueClientOptions { MessageEncoding = Options.MessageEncoding });
        var fullName = $"{Options.Prefix}-{name}";
        return Options.ConnectionString is { } connection
            ? new QueueClient(connection, fullName, queueOptions)
            : new QueueClient(new Uri(Uris(Options).Queue, fullName), Options.Credential, queueOptions);
    }

    /// <param name="name">The container's name after the prefix and a hyphen, such as <c>leases</c>.</param>
    public BlobContainerClient Container(string name) => ContainerNamed($"{Options.Prefix}-{name}");

    /// <summary>A container by its full name, unprefixed, such as the static website's <c>$web</c>.</summary>
    public BlobContainerClient ContainerNamed(string fullName)
    {
        return Options.ConnectionString is { } connection
            ? new BlobContainerClient(connection, fullName, Configure(new BlobClientOptions()))
            : new BlobContainerClient(new Uri(Uris(Options).Blob, fullName), Options.Credential, Configure(new BlobClientOptions()));
    }

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) =>
        await Leases.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

    private static StorageServiceUris Uris(StorageOptions options) =>
        options.ServiceUris ?? throw new InvalidOperationException("Storage needs a connection string or service URIs.");

    /// <summary>
    /// A helpdesk waits on intake, so storage calls retry briefly and then fail: a quick 503 lets the
    /// helpdesk retry later, where the SDK's default back-off would hold the webhook for a minute.
    /// </summary>
    private static T Configure<T>(T options) where T : ClientOptions
    {
        options.Retry.MaxRetries = 3;
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(15);
        return options;
    }
}
