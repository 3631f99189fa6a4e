using System.Globalization;
using CsatFunctions.Agents;
using CsatFunctions.Surveys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Digests;

/// <summary>
/// The monthly digest of each client company in <see cref="AccountManagers"/> to its account manager:
/// from the sending hour on the 1st, for each local month not yet done, each company's email once
/// (claim <c>monthly|{month}</c> in the company's partition), with the month's one share link
/// (<see cref="MonthlyShareLinks"/>). The month's figures are read once for every company; the cursor
/// moves past the month once every company of the mapping, as it then stands, has had its email or
/// been refused it for good by SendGrid (a 4xx other than 429: recorded failed, logged as an error).
/// </summary>
/// <param name="services">The sender is resolved at the first digest, as <see cref="AgentDigests"/> does, for the same reason.</param>
public sealed class ClientDigests(CsatOptions options, DigestLog log, AccountManagers managers, MonthFigureReader reader, MonthlyShareLinks links, DigestEmail email, IServiceProvider services, ILogger<ClientDigests> logger)
{
    /// <summary>How many companies' digests are in flight at once.</summary>
    public const int Concurrency = 8;

    public static string PartitionOf(string company) => "client-digest|" + AccountManager.KeyOf(company);

    /// <returns>How many monthly digests this call sent.</returns>
    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var digests = options.Digests;
        var cursor = await log.CursorAsync(DigestKind.Monthly, DigestCalendar.FirstNotDue(digests, DigestKind.Monthly, now), cancellationToken);
        var sent = 0;
        var settled = true;
        for (var month = cursor.First; DigestCalendar.IsDue(digests, DigestKind.Monthly, month, now); month = DigestCalendar.Next(DigestKind.Monthly, month))
        {
            // A month with a company still open (SendGrid down for it) keeps the cursor, but the months after it
            // go out all the same: each tick retries only the companies whose email is neither sent nor refused.
            if (DigestCalendar.IsStale(digests, DigestKind.Monthly, month, now))
            {
                logger.LogInformation("The monthly client digests of {Month} are skipped where not sent: they are more than a month late and the next ones are due.", month.ToString("yyyy-MM", CultureInfo.InvariantCulture));
            }
            else
            {
                var (count, done) = await SendMonthAsync(month, now, cancellationToken);
                sent += count;
                settled &= done;
            }

            if (settled && cursor is not null)
            {
                cursor = await log.AdvanceAsync(cursor, DigestCalendar.Next(DigestKind.Monthly, month), cancellationToken);
            }
        }

        return sent;
    }

    private async Task<(int Sent, bool Done)> SendMonthAsync(DateOnly month, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var managed = await managers.ListAsync(cancellationToken);
        if (managed.Count == 0)
        {
            return (0, true);
        }

        var last = DigestCalendar.LastDay(DigestKind.Monthly, month);
        var claim = FormattableString.Invariant($"monthly|{month:yyyy-MM}");
        var claims = services.GetRequiredService<AgentReviewLog>();

        // Read once for every company, and only when one still needs its email.
        var figures = new Lazy<Task<MonthFigures>>(() => reader.ReadAsync(month, last, cancellationToken));
        var (sent, open) = (0, 0);

        // A few companies at a time: each is a handful of storage round trips and one SendGrid call, waiting on the network.
        await Parallel.ForEachAsync(managed, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (manager, token) =>
        {
            var partition = PartitionOf(manager.Company);
            try
            {
                if (await claims.IsSettledAsync(partition, claim, token))
                {
                    return;
                }

                if (await links.TokenForAsync(manager.Company, month, last, token) is not { } link)
                {
                    Interlocked.Increment(ref open);
                    return;
                }

                var digest = (await figures.Value).For(manager.Company, links.UrlOf(link), MonthlyShareLinks.ExpiresAtOf(link));
                var found = await services.GetRequiredService<AgentEmailOnce>().SendAsync(partition, claim, () => email.Client(digest, manager.AccountManagerEmail), null, token);
                Interlocked.Add(ref sent, found == AgentClaim.Claimed ? 1 : 0);
                Interlocked.Add(ref open, found == AgentClaim.Held ? 1 : 0);
            }
            catch (SendGridRefusedException ex)
            {
                // Sending it again would be refused again: recorded as failed, so the month can complete for the others.
                await claims.MarkFailedAsync(partition, claim, now, ex.Status, CancellationToken.None);
                logger.LogError("SendGrid refused the {Month} digest of client {CompanyKey} with {Status}; it is recorded as failed and not retried.", month.ToString("yyyy-MM", CultureInfo.InvariantCulture), AccountManager.KeyOf(manager.Company), ex.Status);
            }
            catch (Exception ex) when (!token.IsCancellationRequested)
            {
                // One client's failing digest must not hold back the others'; the next tick tries it again.
                logger.LogWarning(ex, "A client's monthly digest did not go out; the next tick tries again.");
                Interlocked.Increment(ref open);
            }
        });

        return (sent, open == 0);
    }
}
