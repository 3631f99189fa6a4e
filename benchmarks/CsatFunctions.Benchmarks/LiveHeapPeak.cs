namespace CsatFunctions.Benchmarks;

/// <summary>
/// The most live managed memory above where it started, sampled with a full collection every
/// interval, so garbage waiting for a collection does not count as held.
/// </summary>
public sealed class LiveHeapPeak : IAsyncDisposable
{
    private readonly long baseline;
    private readonly CancellationTokenSource sampling = new();
    private readonly Task sampler;
    private long peak;

    public LiveHeapPeak(TimeSpan interval)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        baseline = peak = GC.GetTotalMemory(forceFullCollection: true);
        sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
                await Task.Delay(interval);
            }
        });
    }

    /// <summary>Stops sampling; the bytes held at most above the start.</summary>
    public async Task<long> StopAsync()
    {
        await sampling.CancelAsync();
        await sampler;
        return peak - baseline;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        sampling.Dispose();
    }
}
