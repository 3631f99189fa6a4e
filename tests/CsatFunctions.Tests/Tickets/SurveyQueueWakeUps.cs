using System.Diagnostics;
using CsatFunctions.Telemetry;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Tickets;

/// <summary>
/// Counts the messages one host's survey queue has handled (each handling is a span of its own), so
/// a test can wait until a waiting survey's message has been woken, and hidden again, instead of
/// sleeping. Only this queue's handling spans are counted.
/// </summary>
public sealed class SurveyQueueWakeUps : IDisposable
{
    private readonly ActivityListener listener;
    private int handled;

    public SurveyQueueWakeUps(PipelineHost host)
    {
        var name = $"process {host.SurveyQueue.Client.Name}";
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == CsatTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) => options.Name == name ? ActivitySamplingResult.AllData : ActivitySamplingResult.None,
            // Another listener (a telemetry test running alongside) makes the source create its spans too: count only this queue's.
            ActivityStopped = activity =>
            {
                if (activity.OperationName == name)
                {
                    Interlocked.Increment(ref handled);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
    }

    /// <summary>Waits until <paramref name="more"/> further messages have been handled.</summary>
    public Task WaitAsync(int more)
    {
        var target = Volatile.Read(ref handled) + more;
        return Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref handled) >= target), $"{more} wake-ups of the survey queue");
    }

    public void Dispose() => listener.Dispose();
}
