namespace CsatFunctions.Clients;

/// <summary>A read-only link to one client company's report for one period, as issued from the desk or a monthly digest.</summary>
/// <param name="Id">Random, named in the token; the row it names says what the link shows.</param>
/// <param name="RevokedAt">When the team revoked it; a revoked link answers 410 like an expired one.</param>
/// <param name="Origin">What issued it when not the desk (a monthly digest's links say so, so its crash recovery takes over only its own).</param>
public sealed record ShareLink(string Id, string Company, DateOnly From, DateOnly To, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, string? Origin = null);

public enum ShareLinkStatus
{
    Valid,

    /// <summary>Malformed, signed by no key we hold, altered, or naming no link we issued.</summary>
    Tampered,

    Expired,

    Revoked,
}

/// <param name="Link">The link when the token is authentic (valid, expired or revoked); null when tampered.</param>
public sealed record ShareLinkCheck(ShareLinkStatus Status, ShareLink? Link);
