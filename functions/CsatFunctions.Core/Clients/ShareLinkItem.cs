namespace CsatFunctions.Clients;

/// <summary>A share link as the admin routes answer it in JSON.</summary>
/// <param name="Url">The address to send the client; only in the answer that made the link (the token is kept nowhere).</param>
public sealed record ShareLinkItem(string Id, string Company, DateOnly From, DateOnly To, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, Uri? Url)
{
    public static ShareLinkItem Of(ShareLink link, Uri? url = null) =>
        new(link.Id, link.Company, link.From, link.To, link.CreatedAt, link.ExpiresAt, link.RevokedAt, url);
}
