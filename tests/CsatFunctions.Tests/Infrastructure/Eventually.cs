using System.Diagnostics;

namespace CsatFunctions.Tests.Infrastructure;

/// <summary>
/// Waits for state that another process or a background loop changes (a queue draining, a message
/// reaching the poison queue), where there is no event to wait on. Bounded, and fails with what it waited for.
/// </summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        // Elapsed time, not the calendar: a test's deadline must not move when the machine's clock does.
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var started = Stopwatch.GetTimestamp();
        while (!await condition())
        {
            if (Stopwatch.GetElapsedTime(started) > limit)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(50);
        }
    }
}
