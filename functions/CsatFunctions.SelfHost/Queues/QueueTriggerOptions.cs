using System.Globalization;
using CsatFunctions.Settings;

namespace CsatFunctions.SelfHost.Queues;

/// <summary>
/// How the self-host's listener behaves: host.json's <c>extensions.queues</c> as the Functions queue
/// trigger reads it (<see cref="QueueHostOptions"/>), plus the lease the self-host renews while a
/// message is handled.
/// </summary>
public sealed record QueueTriggerOptions
{
    public const string LeaseSetting = "SelfHost:QueueMessageLease";

    public QueueHostOptions Queues { get; init; } = new();

    public int BatchSize => Queues.BatchSize;

    /// <summary>A new batch is fetched once the messages in flight drop to this many.</summary>
    public int NewBatchThreshold => Queues.NewBatchThreshold;

    public TimeSpan MaxPollingInterval => Queues.MaxPollingInterval;

    /// <summary>How long a failed message stays invisible before its retry.</summary>
    public TimeSpan VisibilityTimeout => Queues.VisibilityTimeout;

    public int MaxDequeueCount => Queues.MaxDequeueCount;

    /// <summary>
    /// How long a received message stays hidden; renewed at half-time while its handler runs, so a live
    /// handler never loses it. A message whose process died, or whose receive an outage cut off,
    /// reappears after this; the self-host reads it from <c>SelfHost__QueueMessageLease</c>.
    /// </summary>
    public TimeSpan MessageLease { get; init; } = TimeSpan.FromSeconds(30);

    /// <param name="messageLease">The <c>SelfHost:QueueMessageLease</c> setting, if any.</param>
    public static QueueTriggerOptions Read(QueueHostOptions queues, string? messageLease, List<string> errors)
    {
        var options = new QueueTriggerOptions { Queues = queues };
        if (messageLease is null)
        {
            return options;
        }

        if (TimeSpan.TryParse(messageLease, CultureInfo.InvariantCulture, out var lease) && lease >= TimeSpan.FromSeconds(2) && lease <= TimeSpan.FromDays(7))
        {
            return options with { MessageLease = lease };
        }

        errors.Add("SelfHost__QueueMessageLease must be a time span from 00:00:02 to 7.00:00:00, such as 00:00:30.");
        return options;
    }
}
