using System.Collections.Concurrent;
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
[PersonalData(PersonalDataErasure.NothingToErase, "The account's queues and blob containers; what is in them is each step's.")]
public sealed class CsatStorage : IProvisioned
{
    private readonly TableServiceClient tables;
    private readonly QueueServiceClient queues;
    private readonly BlobServiceClient blobs;

    // What the steps asked for by name: what readiness expects to find.
    private readonly ConcurrentDictionary<string, byte> tableNames = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> queueNames = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> containerNames = new(StringComparer.Ordinal);

    public CsatStorage(StorageOptions options)
    {
        Options = options;
        tables = options.ConnectionString is { } connection
            ? new TableServiceClient(connection, Configure(new TableClientOptions()))
            : new TableServiceClient(Uris(options).Table, options.Credential, Configure(new TableClientOptions()));
        (queues, blobs) = options.ConnectionString is { } connectionString
            ? (new QueueServiceClient(connectionString, Configure(new QueueClientOptions())), new BlobServiceClient(connectionString, Configure(new BlobClientOptions())))
            : (new QueueServiceClient(Uris(options).Queue, options.Credential, Configure(new QueueClientOptions())), new BlobServiceClient(Uris(options).Blob, options.Credential, Configure(new BlobClientOptions())));
        Leases = Container("leases");
    }

    public StorageOptions Options { get; }

    /// <summary>Where <see cref="BlobLease"/>s live.</summary>
    public BlobContainerClient Leases { get; }

    /// <param name="name">The table's name after the prefix, such as <c>Surveys</c>.</param>
    public TableClient Table(string name)
    {
        tableNames.TryAdd(Options.Prefix + name, 0);
        return tables.GetTableClient(Options.Prefix + name);
    }

    /// <param name="name">The queue's name after the prefix and a hyphen, such as <c>surveys</c>.</param>
    public QueueClient Queue(string name)
    {
        var queueOptions = Configure(new QueueClientOptions { MessageEncoding = Options.MessageEncoding });
        var fullName = $"{Options.Prefix}-{name}";
        queueNames.TryAdd(fullName, 0);
        return Options.ConnectionString is { } connection
            ? new QueueClient(connection, fullName, queueOptions)
            : new QueueClient(new Uri(Uris(Options).Queue, fullName), Options.Credential, queueOptions);
    }

    /// <summary>The queues the steps named, poison queues too.</summary>
    public IEnumerable<QueueClient> NamedQueues => queueNames.Keys.Order(StringComparer.Ordinal).Select(queues.GetQueueClient);

    /// <param name="name">The container's name after the prefix and a hyphen, such as <c>leases</c>.</param>
    public BlobContainerClient Container(string name)
    {
        containerNames.TryAdd($"{Options.Prefix}-{name}", 0);
        return ContainerNamed($"{Options.Prefix}-{name}");
    }

    /// <summary>A container by its full name, unprefixed, such as the static website's <c>$web</c>.</summary>
    public BlobContainerClient ContainerNamed(string fullName)
    {
        return Options.ConnectionString is { } connection
            ? new BlobContainerClient(connection, fullName, Configure(new BlobClientOptions()))
            : new BlobContainerClient(new Uri(Uris(Options).Blob, fullName), Options.Credential, Configure(new BlobClientOptions()));
    }

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) =>
        await Leases.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

    /// <summary>
    /// The tables, queues and containers the steps named (with the prefix) that the account does not
    /// have: three listing calls, whatever the number of each. Empty when everything is there.
    /// </summary>
    public async Task<List<string>> MissingAsync(CancellationToken cancellationToken)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        var prefix = Options.Prefix;
        await foreach (var table in tables.QueryAsync(TableServiceClient.CreateQueryFilter($"TableName ge {prefix} and TableName lt {prefix + "{"}"), cancellationToken: cancellationToken))
        {
            present.Add(table.Name);
        }

        await foreach (var queue in queues.GetQueuesAsync(prefix: prefix, cancellationToken: cancellationToken))
        {
            present.Add(queue.Name);
        }

        await foreach (var container in blobs.GetBlobContainersAsync(prefix: prefix, cancellationToken: cancellationToken))
        {
            present.Add(container.Name);
        }

        return [.. tableNames.Keys.Concat(queueNames.Keys).Concat(containerNames.Keys).Where(name => !present.Contains(name)).Order(StringComparer.Ordinal)];
    }

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
