using CsatFunctions.Agents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Digests;

/// <summary>
/// The monthly digest of each client company in <see cref="AccountManagers"/> to its account manager:
/// from the sending hour on the 1st, for each local month not yet done, each company's email once
/// (claim <c>monthly|{month}</c> in the company's partition), with the month's one share link
/// (<see cref="MonthlyShareLinks"/>). The month's figures are read once for every company; the cursor
/// moves past the month once every company of the mapping, as it then stands, has had its email.
/// </summary>
/// <param name="services">The sender is resolved at the first digest, as <see cref="AgentDigests"/> does, for the same reason.</param>
public sealed class ClientDigests(CsatOptions options, DigestLog log, AccountManagers managers, MonthFigureReader reader, MonthlyShareLinks links, DigestEmail email, IServiceProvider services, ILogger<ClientDigests> logger)
{
    public static string PartitionOf(string company) => "client-digest|" + AccountManager.KeyOf(company);

    /// <returns>How many monthly digests this call sent.</returns>
    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var digests = options.Digests;
        var cursor = await log.CursorAsync(DigestKind.Monthly, DigestCalendar.FirstNotDue(digests, DigestKind.Monthly, now), cancellationToken);
        var sent = 0;
        while (cursor is not null && DigestCalendar.IsDue(digests, DigestKind.Monthly, cursor.First, now))
        {
            var (count, done) = await SendMonthAsync(cursor.First, cancellationToken);
            sent += count;
            if (!done)
            {
                return sent;
            }

            cursor = await log.AdvanceAsync(cursor, DigestCalendar.Next(DigestKind.Monthly, cursor.First), cancellationToken);
        }

        return sent;
    }

    private async Task<(int Sent, bool Done)> SendMonthAsync(DateOnly month, CancellationToken cancellationToken)
    {
        var last = DigestCalendar.LastDay(DigestKind.Monthly, month);
        var (sent, done) = (0, true);
        var claim = FormattableString.Invariant($"monthly|{month:yyyy-MM}");
        MonthFigures? figures = null;
        foreach (var manager in await managers.ListAsync(cancellationToken))
        {
            var partition = PartitionOf(manager.Company);
            try
            {
                figures ??= await reader.ReadAsync(month, last, cancellationToken);
                if (await links.TokenForAsync(manager.Company, month, last, cancellationToken) is not { } token)
                {
                    done = false;
                    continue;
                }

                var digest = figures.For(manager.Company, links.UrlOf(token));
                var found = await services.GetRequiredService<AgentEmailOnce>().SendAsync(partition, claim, () => email.Client(digest, manager.AccountManagerEmail), null, cancellationToken);
                sent += found == AgentClaim.Claimed ? 1 : 0;
                done &= found != AgentClaim.Held;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // One client's failing digest must not hold back the others'; the next tick tries it again.
                logger.LogWarning(ex, "A client's monthly digest did not go out; the next tick tries again.");
                done = false;
            }
        }

        return (sent, done);
    }
}
