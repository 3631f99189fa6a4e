using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;

namespace CsatFunctions.Clients;

/// <summary>
/// Issues, checks and revokes the share links of client reports. The token is
/// <c>{keyId}.{linkId}.{expiresUnix}.{signature}</c>, HMAC-SHA256 with the rating links' keys under
/// its own label, so it rotates with them and cannot be mistaken for a rating link. What it shows
/// (the company and period) is on the link's row, which is also where a revocation is kept: a link
/// works only while its row says so.
/// </summary>
[PersonalData(PersonalDataErasure.NothingToErase, "Each share link's client company, period, expiry and revocation.")]
public sealed class ShareLinks(CsatStorage storage, CsatOptions options, TimeProvider time) : IProvisioned
{
    private const string Partition = "link";

    private readonly TableClient table = storage.Table("ShareLinks");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    /// <param name="lifetime">How long it works; <see cref="CsatOptions.ShareLinkLifetime"/> when null.</param>
    public Task<(ShareLink Link, string Token)> CreateAsync(string company, DateOnly from, DateOnly to, TimeSpan? lifetime, CancellationToken cancellationToken) =>
        CreateAsync(company, from, to, lifetime, null, cancellationToken);

    /// <param name="origin">What issues it, when not the desk (kept on its row as <c>Origin</c>).</param>
    public async Task<(ShareLink Link, string Token)> CreateAsync(string company, DateOnly from, DateOnly to, TimeSpan? lifetime, string? origin, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((now + (lifetime ?? options.ShareLinkLifetime)).ToUnixTimeSeconds());
        var link = new ShareLink(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), company, from, to, now, expiresAt, null, origin);
        await table.AddEntityAsync(
            new TableEntity(Partition, link.Id)
            {
                ["Company"] = link.Company,
                ["From"] = link.From.ToString("O", CultureInfo.InvariantCulture),
                ["To"] = link.To.ToString("O", CultureInfo.InvariantCulture),
                ["CreatedAt"] = link.CreatedAt,
                ["ExpiresAt"] = link.ExpiresAt,
                ["Origin"] = link.Origin,
            },
            cancellationToken);
        return (link, TokenOf(link));
    }

    /// <summary>The address a client opens: <c>/api/reports/{token}</c> under <c>Csat__PublicBaseUrl</c>.</summary>
    public Uri UrlOf(string token) => new(options.PublicBaseUrl, $"api/reports/{Uri.EscapeDataString(token)}");

    public async Task<ShareLinkCheck> CheckAsync(string? token, CancellationToken cancellationToken)
    {
        var parts = (token ?? "").Split('.');
        if (parts.Length != 4 || parts[1].Length != 32 || !parts[1].All(char.IsAsciiHexDigitLower)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || options.LinkSigningKeys.Find(parts[0]) is not { } key)
        {
            return new(ShareLinkStatus.Tampered, null);
        }

        var expected = Sign(key, parts[0], parts[1], parts[2]);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(parts[3]), Encoding.ASCII.GetBytes(Base64Url(expected)))
            || await GetAsync(parts[1], cancellationToken) is not { } link
            || link.ExpiresAt.ToUnixTimeSeconds() != expires)
        {
            return new(ShareLinkStatus.Tampered, null);
        }

        return link.RevokedAt is not null ? new(ShareLinkStatus.Revoked, link)
            : time.GetUtcNow() > link.ExpiresAt ? new(ShareLinkStatus.Expired, link)
            : new(ShareLinkStatus.Valid, link);
    }

    /// <summary>Revokes the link for good; false when no such link was issued. Revoking twice keeps the first time.</summary>
    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        if (await GetAsync(id, cancellationToken) is not { } link)
        {
            return false;
        }

        if (link.RevokedAt is null)
        {
            await table.UpdateEntityAsync(new TableEntity(Partition, id) { ["RevokedAt"] = time.GetUtcNow() }, Azure.ETag.All, TableUpdateMode.Merge, cancellationToken);
        }

        return true;
    }

    /// <summary>Every link issued for the company, newest first, revoked and expired ones too.</summary>
    public async Task<List<ShareLink>> ListAsync(string company, CancellationToken cancellationToken)
    {
        var links = new List<ShareLink>();
        await foreach (var row in table.QueryAsync<TableEntity>(row => row.PartitionKey == Partition && row.GetString("Company") == company, cancellationToken: cancellationToken))
        {
            links.Add(From(row));
        }

        return [.. links.OrderByDescending(link => link.CreatedAt)];
    }

    public async Task<ShareLink?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        return found.HasValue ? From(found.Value!) : null;
    }

    /// <summary>A token for a link issued before, signed with the current key: it opens the link as its first token did.</summary>
    public string TokenOf(ShareLink link)
    {
        var expires = link.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var keys = options.LinkSigningKeys;
        return $"{keys.CurrentId}.{link.Id}.{expires}.{Base64Url(Sign(keys.Current, keys.CurrentId, link.Id, expires))}";
    }

    private static ShareLink From(TableEntity row) => new(
        row.RowKey,
        row.GetString("Company"),
        DateOnly.ParseExact(row.GetString("From"), "O", CultureInfo.InvariantCulture),
        DateOnly.ParseExact(row.GetString("To"), "O", CultureInfo.InvariantCulture),
        row.GetDateTimeOffset("CreatedAt")!.Value,
        row.GetDateTimeOffset("ExpiresAt")!.Value,
        row.GetDateTimeOffset("RevokedAt"),
        row.GetString("Origin"));

    private static byte[] Sign(byte[] key, string keyId, string linkId, string expires) =>
        HMACSHA256.HashData(key, Encoding.ASCII.GetBytes($"csat-report-link-v1\n{keyId}\n{linkId}\n{expires}"));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
