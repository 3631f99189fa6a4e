using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace CsatFunctions.Storage;

/// <summary>The storage account's clients, one per table, queue and container the pipeline uses.</summary>
public sealed class CsatStorage
{
    public CsatStorage(StorageOptions options)
    {
        Options = options;
        var tables = options.ConnectionString is { } connection
            ? new TableServiceClient(connection, Configure(new TableClientOptions()))
            : new TableServiceClient(Uris(options).Table, options.Credential, Configure(new TableClientOptions()));
        Surveys = tables.GetTableClient(options.Prefix + "Surveys");
        SurveyDays = tables.GetTableClient(options.Prefix + "SurveyDays");
        ScoreChanges = tables.GetTableClient(options.Prefix + "ScoreChanges");
        ScoreDays = tables.GetTableClient(options.Prefix + "ScoreDays");
        Scores = tables.GetTableClient(options.Prefix + "Scores");
        SurveyFailures = tables.GetTableClient(options.Prefix + "SurveyFailures");
        Deliveries = tables.GetTableClient(options.Prefix + "Deliveries");
        Customers = tables.GetTableClient(options.Prefix + "Customers");
        RatingsToCount = tables.GetTableClient(options.Prefix + "RatingsToCount");

        var queueOptions = Configure(new QueueClientOptions { MessageEncoding = options.MessageEncoding });
        SurveyQueue = Queue(options, options.SurveyQueueName, queueOptions);
        SurveyPoisonQueue = Queue(options, options.SurveyPoisonQueueName, queueOptions);
        AlertQueue = Queue(options, options.AlertQueueName, queueOptions);
        AlertPoisonQueue = Queue(options, options.AlertPoisonQueueName, queueOptions);
        var leases = options.Prefix + "-leases";
        Leases = options.ConnectionString is { } blobConnection
            ? new BlobContainerClient(blobConnection, leases, Configure(new BlobClientOptions()))
            : new BlobContainerClient(new Uri(Uris(options).Blob, leases), options.Credential, Configure(new BlobClientOptions()));
    }

    public StorageOptions Options { get; }

    /// <summary>One row per survey, keyed by survey id.</summary>
    public TableClient Surveys { get; }

    /// <summary>Each survey again under its resolution day, so a day can be counted without a scan.</summary>
    public TableClient SurveyDays { get; }

    /// <summary>The days whose counts changed since the aggregator last ran.</summary>
    public TableClient ScoreChanges { get; }

    /// <summary>The aggregator's per-day counts.</summary>
    public TableClient ScoreDays { get; }

    /// <summary>The public score document.</summary>
    public TableClient Scores { get; }

    /// <summary>Surveys whose email SendGrid refused for good, for operators.</summary>
    public TableClient SurveyFailures { get; }

    /// <summary>Per customer (by email hash): unsubscribed, and when last surveyed.</summary>
    public TableClient Customers { get; }

    /// <summary>Answers being recorded, until they are counted; a note left behind is repaired by the aggregator.</summary>
    public TableClient RatingsToCount { get; }

    /// <summary>Helpdesk deliveries already handled, by delivery id.</summary>
    public TableClient Deliveries { get; }

    public QueueClient SurveyQueue { get; }

    public QueueClient SurveyPoisonQueue { get; }

    /// <summary>One message per rating at the bottom of the scale, for the alerter.</summary>
    public QueueClient AlertQueue { get; }

    public QueueClient AlertPoisonQueue { get; }

    public BlobContainerClient Leases { get; }

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var table in new[] { Surveys, SurveyDays, ScoreChanges, ScoreDays, Scores, SurveyFailures, Deliveries, Customers, RatingsToCount })
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
        }

        await SurveyQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await SurveyPoisonQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await AlertQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await AlertPoisonQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await Leases.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    private static QueueClient Queue(StorageOptions options, string name, QueueClientOptions queueOptions) =>
        options.ConnectionString is { } connection
            ? new QueueClient(connection, name, queueOptions)
            : new QueueClient(new Uri(Uris(options).Queue, name), options.Credential, queueOptions);

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
