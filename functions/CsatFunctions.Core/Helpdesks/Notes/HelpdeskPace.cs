using System.Collections.Concurrent;

namespace CsatFunctions.Helpdesks.Notes;

/// <summary>
/// How fast this process calls each helpdesk's API for notes, shared by every writer in it: turns
/// spaced evenly at the helpdesk's <c>NotesPerSecond</c>, and, once the helpdesk answers 429, a pause
/// until its <c>Retry-After</c> for every writer to that helpdesk, so one throttled call does not set
/// off a storm of them. With several processes, each keeps its own pace: set <c>NotesPerSecond</c> to
/// the helpdesk's limit divided by the number of processes.
/// </summary>
public sealed class HelpdeskPace(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Lane> lanes = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long calls to the helpdesk are paused still; null when they are not.</summary>
    public TimeSpan? PausedFor(string helpdesk)
    {
        var lane = lanes.GetOrAdd(helpdesk, _ => new Lane());
        lock (lane)
        {
            var left = lane.PausedUntil - time.GetUtcNow();
            return left > TimeSpan.Zero ? left : null;
        }
    }

    /// <summary>Pauses every call to the helpdesk until <paramref name="until"/> (the later of this and any pause already set).</summary>
    public void Pause(string helpdesk, DateTimeOffset until)
    {
        var lane = lanes.GetOrAdd(helpdesk, _ => new Lane());
        lock (lane)
        {
            if (until > lane.PausedUntil)
            {
                lane.PausedUntil = until;
            }

            // After the pause the turns start again one by one, not all at once.
            if (lane.NextTurn < until)
            {
                lane.NextTurn = until;
            }
        }
    }

    /// <summary>Waits for this call's turn: at most <paramref name="perSecond"/> calls a second start, evenly spaced.</summary>
    public async Task WaitTurnAsync(string helpdesk, double perSecond, CancellationToken cancellationToken)
    {
        var lane = lanes.GetOrAdd(helpdesk, _ => new Lane());
        TimeSpan wait;
        lock (lane)
        {
            var now = time.GetUtcNow();
            var turn = lane.NextTurn > now ? lane.NextTurn : now;
            lane.NextTurn = turn + TimeSpan.FromSeconds(1 / perSecond);
            wait = turn - now;
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    private sealed class Lane
    {
        public DateTimeOffset PausedUntil { get; set; }

        public DateTimeOffset NextTurn { get; set; }
    }
}
