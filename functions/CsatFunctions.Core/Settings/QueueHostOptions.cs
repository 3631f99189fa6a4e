using Azure.Storage.Queues;

namespace CsatFunctions.Settings;

/// <summary>
/// host.json's <c>extensions.queues</c>, with the Azure Functions defaults: what the queue trigger
/// does (the Functions host reads it; the self-host's listener follows it), and the encoding the
/// pipeline enqueues with, read once for both.
/// </summary>
public sealed record QueueHostOptions
{
    public const string Section = HostJson.Prefix + "extensions:queues:";

    public int BatchSize { get; init; } = 16;

    /// <summary>A new batch is fetched once the messages in flight drop to this many; half the batch size unless set.</summary>
    public int NewBatchThreshold { get; init; } = 8;

    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a failed message stays invisible before its retry.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;

    public int MaxDequeueCount { get; init; } = 5;

    public QueueMessageEncoding MessageEncoding { get; init; } = QueueMessageEncoding.Base64;

    public static QueueHostOptions Read(SettingsReader settings)
    {
        var defaults = new QueueHostOptions();
        int Int(string key, int fallback, int min, int max) =>
            settings.Int(Section + key, fallback, min, max, $"extensions.queues.{key} in host.json must be a whole number from {min} to {max}.");
        TimeSpan Time(string key, TimeSpan fallback, TimeSpan min) =>
            settings.Time(Section + key, fallback, min, TimeSpan.MaxValue, $"extensions.queues.{key} in host.json must be a time span such as 00:00:30, at least {min}.");

        var batchSize = Int("batchSize", defaults.BatchSize, 1, 32);
        var encoding = (settings.Text(Section + "messageEncoding") ?? "base64").ToLowerInvariant() switch
        {
            "base64" => QueueMessageEncoding.Base64,
            "none" => QueueMessageEncoding.None,
            _ => (QueueMessageEncoding?)null,
        };
        settings.Require(encoding is not null, "extensions.queues.messageEncoding in host.json must be base64 or none.");
        return new QueueHostOptions
        {
            BatchSize = batchSize,
            NewBatchThreshold = Int("newBatchThreshold", batchSize / 2, 0, 1000),
            MaxPollingInterval = Time("maxPollingInterval", defaults.MaxPollingInterval, TimeSpan.FromMilliseconds(100)),
            VisibilityTimeout = Time("visibilityTimeout", defaults.VisibilityTimeout, TimeSpan.Zero),
            MaxDequeueCount = Int("maxDequeueCount", defaults.MaxDequeueCount, 1, 1000),
            MessageEncoding = encoding ?? defaults.MessageEncoding,
        };
    }
}
