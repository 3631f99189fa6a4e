using Azure;
using CsatFunctions.Clients;

namespace CsatFunctions.Digests;

/// <summary>
/// The one share link of a client's month, issued once whatever crashes: reserved in
/// <see cref="DigestLog"/> first, then issued, then kept with the reservation. A host that died between
/// the reservation and keeping the token left either nothing or one link of that company and period
/// issued after its reservation; whoever takes the lapsed reservation over keeps that link rather
/// than issue a second. Keeping the token is conditional on the reservation's ETag, so a host that paused
/// past its reservation finds the other's token kept, uses it, and revokes the link it made meanwhile.
/// </summary>
public sealed class MonthlyShareLinks(DigestLog log, ShareLinks links, CsatOptions options, TimeProvider time)
{
    public Uri UrlOf(string token) => links.UrlOf(token);

    /// <summary>When the link of a token stops working: the token names it (signed), as <see cref="ShareLinks.CheckAsync"/> reads it.</summary>
    public static DateTimeOffset ExpiresAtOf(string token) =>
        DateTimeOffset.FromUnixTimeSeconds(long.Parse(token.Split('.')[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The <see cref="ShareLink.Origin"/> of the links the monthly digest issues.</summary>
    public const string Origin = "monthly-digest";

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

        ETag? held;
        if (reserved is null)
        {
            held = await log.TryReserveLinkAsync(key, first, now, cancellationToken);
        }
        else
        {
            held = reserved.ReservedAt + options.SendWindow > now ? null : await log.TryRenewLinkAsync(key, first, reserved, now, cancellationToken);
            if (held is { } renewed)
            {
                // The read of every link of the company happens only here, after a crash, never on the usual path; only
                // a link this digest issued is taken over, never one the team made on the desk for the same dates.
                var issued = (await links.ListAsync(company, cancellationToken)).FirstOrDefault(link => link.Origin == Origin && link.RevokedAt is null && link.From == first && link.To == last && link.CreatedAt >= reserved.ReservedAt);
                if (issued is not null)
                {
                    var token = links.TokenOf(issued);
                    return await log.TryKeepLinkAsync(key, first, now, token, renewed, cancellationToken) ? token : (await log.LinkAsync(key, first, cancellationToken))?.Token;
                }
            }
        }

        if (held is not { } reservation)
        {
            return null;
        }

        var (made, created) = await links.CreateAsync(company, first, last, null, Origin, cancellationToken);
        if (await log.TryKeepLinkAsync(key, first, now, created, reservation, cancellationToken))
        {
            return created;
        }

        // This host paused past its reservation and another took it over. The host that took over may have found and
        // kept this very link, so it is revoked only when the month's kept link is another one; with nothing kept yet it
        // is left alone (at worst one more working link to the same client's report, never a dead link in the email).
        var monthLink = (await log.LinkAsync(key, first, cancellationToken))?.Token;
        if (monthLink is not null && monthLink.Split('.')[1] != made.Id)
        {
            await links.RevokeAsync(made.Id, cancellationToken);
        }

        return monthLink;
    }
}
