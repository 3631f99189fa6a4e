using CsatFunctions.Clients;

namespace CsatFunctions.Digests;

/// <summary>
/// The one share link of a client's month, issued once whatever crashes: reserved in
/// <see cref="DigestLog"/> first, then issued, then kept with the reservation. A host that died between
/// the reservation and keeping the token left either nothing or one link of that company and period
/// issued after its reservation; whoever takes the lapsed reservation over keeps that link rather
/// than issue a second.
/// </summary>
public sealed class MonthlyShareLinks(DigestLog log, ShareLinks links, CsatOptions options, TimeProvider time)
{
    public Uri UrlOf(string token) => links.UrlOf(token);

    /// <returns>The link's token, or null when another host is issuing it now (the next tick looks again).</returns>
    public async Task<string?> TokenForAsync(string company, DateOnly first, DateOnly last, CancellationToken cancellationToken)
    {
        var key = AccountManager.KeyOf(company);
        var now = time.GetUtcNow();
        var reserved = await log.LinkAsync(key, first, cancellationToken);
        if (reserved?.Token is { } kept)
        {
            return kept;
        }

        if (reserved is null)
        {
            if (!await log.TryReserveLinkAsync(key, first, now, cancellationToken))
            {
                return null;
            }
        }
        else
        {
            if (reserved.ReservedAt + options.SendWindow > now || !await log.TryRenewLinkAsync(key, first, reserved, now, cancellationToken))
            {
                return null;
            }

            // The read of every link of the company happens only here, after a crash, never on the usual path.
            var issued = (await links.ListAsync(company, cancellationToken)).FirstOrDefault(link => link.From == first && link.To == last && link.CreatedAt >= reserved.ReservedAt);
            if (issued is not null)
            {
                var token = links.TokenOf(issued);
                await log.KeepLinkAsync(key, first, now, token, cancellationToken);
                return token;
            }
        }

        var (_, created) = await links.CreateAsync(company, first, last, null, cancellationToken);
        await log.KeepLinkAsync(key, first, now, created, cancellationToken);
        return created;
    }
}
