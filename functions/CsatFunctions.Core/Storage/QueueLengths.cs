using System.Diagnostics.Metrics;
using CsatFunctions.Telemetry;

namespace CsatFunctions.Storage;

/// <summary>
/// Gauges of every queue's and poison queue's approximate length (<c>csat.queue.length</c>,
/// <c>csat.poison_queue.length</c>, by <c>messaging.destination.name</c>: the queue's full name), read from storage when the
/// exporter collects, about once a minute. A queue that cannot be read then is left out of that
/// collection rather than reported as empty.
/// </summary>
public sealed class QueueLengths : IObservedInstruments
{
    private const string PoisonSuffix = "-poison";
    private static readonly TimeSpan ReadLimit = TimeSpan.FromSeconds(5);

    private readonly CsatStorage storage;

    public QueueLengths(IMeterFactory meters, CsatStorage storage)
    {
        this.storage = storage;
        var meter = meters.Create(CsatTelemetry.Name);
        meter.CreateObservableGauge("csat.queue.length", () => Read(poison: false), "{message}", "Messages in each queue, visible or waiting (approximate).");
        meter.CreateObservableGauge("csat.poison_queue.length", () => Read(poison: true), "{message}", "Messages in each poison queue: every one needs the team (the admin API replays them).");
    }

    // The collector calls gauges synchronously, on its own thread.
    private IEnumerable<Measurement<int>> Read(bool poison)
    {
        foreach (var queue in storage.NamedQueues.Where(q => q.Name.EndsWith(PoisonSuffix, StringComparison.Ordinal) == poison))
        {
            int? length;
            try
            {
                using var limit = new CancellationTokenSource(ReadLimit);
                length = queue.GetProperties(limit.Token).Value.ApproximateMessagesCount;
            }
            catch (Exception ex) when (ex is Azure.RequestFailedException || StorageFailure.IsOutage(ex, CancellationToken.None))
            {
                // A gauge is best effort: a queue not yet created (404) or unreadable leaves no point.
                length = null;
            }

            if (length is { } value)
            {
                yield return new Measurement<int>(value, new KeyValuePair<string, object?>("messaging.destination.name", poison ? queue.Name[..^PoisonSuffix.Length] : queue.Name));
            }
        }
    }
}
