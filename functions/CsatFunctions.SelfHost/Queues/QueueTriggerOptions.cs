using System.Globalization;
using CsatFunctions.Settings;

namespace CsatFunctions.SelfHost.Queues;

/// <summary>
/// The queue trigger's knobs, read from <c>extensions.queues</c> in host.json with the Azure
/// Functions defaults, so the self-host polls, retries and poisons messages as the Functions host does.
/// </summary>
public sealed record QueueTriggerOptions
{
    public int BatchSize { get; init; } = 16;

    /// <summary>A new batch is fetched once the messages in flight drop to this many.</summary>
    public int NewBatchThreshold { get; init; } = 8;

    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a failed message stays invisible before its retry.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;

    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>
    /// How long a received message stays hidden; renewed at half-time while its handler runs, so a live
    /// handler never loses it. A message whose process died, or whose receive an outage cut off,
    /// reappears after this; the self-host reads it from <c>SelfHost:QueueMessageLease</c>.
    /// </summary>
    public TimeSpan MessageLease { get; init; } = TimeSpan.FromSeconds(30);

    /// <param name="queues">The <c>AzureFunctionsJobHost:extensions:queues</c> section.</param>
    /// <param name="messageLease">The <c>SelfHost:QueueMessageLease</c> setting, if any.</param>
    /// <exception cref="SettingsException">A value is out of range; one line per bad key.</exception>
    public static QueueTriggerOptions Read(IConfiguration queues, string? messageLease = null)
    {
        var errors = new List<string>();
        var defaults = new QueueTriggerOptions();
        var batchSize = Int(queues, "batchSize", defaults.BatchSize, 1, 32, errors);
        var options = new QueueTriggerOptions
        {
            BatchSize = batchSize,
            NewBatchThreshold = Int(queues, "newBatchThreshold", batchSize / 2, 0, 1000, errors),
            MaxPollingInterval = Time(queues, "maxPollingInterval", defaults.MaxPollingInterval, TimeSpan.FromMilliseconds(100), errors),
            VisibilityTimeout = Time(queues, "visibilityTimeout", defaults.VisibilityTimeout, TimeSpan.Zero, errors),
            MaxDequeueCount = Int(queues, "maxDequeueCount", defaults.MaxDequeueCount, 1, 1000, errors),
            MessageLease = defaults.MessageLease,
        };
        if (messageLease is not null)
        {
            if (TimeSpan.TryParse(messageLease, CultureInfo.InvariantCulture, out var lease) && lease >= TimeSpan.FromSeconds(2) && lease <= TimeSpan.FromDays(7))
            {
                options = options with { MessageLease = lease };
            }
            else
            {
                errors.Add("SelfHost__QueueMessageLease must be a time span from 00:00:02 to 7.00:00:00, such as 00:00:30.");
            }
        }

        return errors.Count == 0 ? options : throw new SettingsException(errors);
    }

    private static int Int(IConfiguration section, string key, int fallback, int min, int max, List<string> errors)
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add($"extensions.queues.{key} in host.json must be a whole number from {min} to {max}.");
        return fallback;
    }

    private static TimeSpan Time(IConfiguration section, string key, TimeSpan fallback, TimeSpan min, List<string> errors)
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value >= min)
        {
            return value;
        }

        errors.Add($"extensions.queues.{key} in host.json must be a time span such as 00:00:30, at least {min}.");
        return fallback;
    }
}
