namespace CsatFunctions.Benchmarks;

/// <summary>Throughput and latency percentiles of one timed run.</summary>
public sealed record Latencies(int Count, TimeSpan Elapsed, TimeSpan P50, TimeSpan P99)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;

    public static Latencies Of(IReadOnlyList<TimeSpan> samples, TimeSpan elapsed)
    {
        var sorted = samples.Order().ToArray();
        return new Latencies(sorted.Length, elapsed, sorted[(int)(sorted.Length * 0.50)], sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))]);
    }

    /// <summary>Runs <paramref name="count"/> operations, <paramref name="concurrency"/> at a time, timing each.</summary>
    public static async Task<Latencies> MeasureAsync(int count, int concurrency, Func<int, Task> operation)
    {
        var samples = new TimeSpan[count];
        var next = -1;
        var total = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var one = System.Diagnostics.Stopwatch.StartNew();
                await operation(i);
                samples[i] = one.Elapsed;
            }
        }));
        return Of(samples, total.Elapsed);
    }

    public override string ToString() =>
        $"{PerSecond,8:F0}/s | p50 {P50.TotalMilliseconds,6:F1} ms | p99 {P99.TotalMilliseconds,6:F1} ms";
}
