using CsatFunctions.Surveys;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Digests;

/// <summary>
/// The weekly and monthly digests, run by every tick of the timer on every host (<see cref="ScheduledTick"/>):
/// each reads its cursor (one row) and sends only what is due and not yet sent, so ticking often and on
/// many hosts costs a read a tick and sends each digest once.
/// </summary>
public sealed class DigestRun(TeamDigests team, ClientDigests clients, TimeProvider time, ILogger<DigestRun> logger)
{
    /// <returns>How many digests this run sent.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sent = 0;
        try
        {
            sent += await team.RunAsync(now, cancellationToken);
        }
        catch (SendGridUnavailableException ex)
        {
            logger.LogWarning(ex, "The weekly digest did not go out; the next tick tries again.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The monthly digests must not wait for the weekly one; its claim was given back for the next tick.
            logger.LogError(ex, "The weekly digest failed; the next tick tries again.");
        }

        return sent + await clients.RunAsync(now, cancellationToken);
    }
}
