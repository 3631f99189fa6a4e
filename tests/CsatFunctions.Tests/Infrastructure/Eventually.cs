namespace CsatFunctions.Tests.Infrastructure;

/// <summary>
/// Waits for state that another process or a background loop changes (a queue draining, a message
/// reaching the poison queue), where there is no event to wait on. Bounded, and fails with what it waited for.
/// </summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(50);
        }
    }
}
