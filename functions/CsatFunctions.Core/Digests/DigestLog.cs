using System.Globalization;
using Azure;
using Azure.Data.Tables;
using CsatFunctions.Storage;

namespace CsatFunctions.Digests;

/// <summary>Where a digest kind stands: the first period not yet sent, with the row's ETag to move it on.</summary>
public sealed record DigestCursor(DigestKind Kind, DateOnly First, ETag ETag);

/// <summary>A client's monthly share link as reserved or issued: the token once issued.</summary>
public sealed record ReservedLink(DateTimeOffset ReservedAt, string? Token, ETag ETag);

/// <summary>
/// Table <c>Digests</c>: per kind, the first period not yet sent (<c>cursor</c> partition), so a tick
/// reads one row to learn that nothing is due; and per (company, month) the monthly digest's share link
/// (<c>link</c> partition), reserved before it is issued and kept once issued, so each client's month
/// gets one link whatever crashes. The emails' own claims are in <c>AgentReviews</c> (<see cref="Agents.AgentEmailOnce"/>).
/// </summary>
[PersonalData(PersonalDataErasure.NothingToErase, "Periods, hashed company names and share-link tokens of client reports.")]
public sealed class DigestLog(CsatStorage storage) : IProvisioned
{
    private const string CursorPartition = "cursor";
    private const string LinkPartition = "link";
    private readonly TableClient table = storage.Table("Digests");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>The kind's cursor; the first call of a deployment sets it to <paramref name="start"/>.</summary>
    public async Task<DigestCursor> CursorAsync(DigestKind kind, DateOnly start, CancellationToken cancellationToken)
    {
        var rowKey = kind.ToString();
        var found = await table.GetEntityIfExistsAsync<TableEntity>(CursorPartition, rowKey, cancellationToken: cancellationToken);
        if (found.HasValue)
        {
            return new DigestCursor(kind, Day(found.Value!.GetString("First")), found.Value.ETag);
        }

        try
        {
            var added = await table.AddEntityAsync(new TableEntity(CursorPartition, rowKey) { ["First"] = Day(start) }, cancellationToken);
            return new DigestCursor(kind, start, added.Headers.ETag ?? ETag.All);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Another host set it first: theirs stands.
            return await CursorAsync(kind, start, cancellationToken);
        }
    }

    /// <summary>Moves the cursor past a period whose digests are all sent; null when another host moved it first.</summary>
    public async Task<DigestCursor?> AdvanceAsync(DigestCursor cursor, DateOnly next, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.UpdateEntityAsync(new TableEntity(CursorPartition, cursor.Kind.ToString()) { ["First"] = Day(next) }, cursor.ETag, TableUpdateMode.Replace, cancellationToken);
            return cursor with { First = next, ETag = response.Headers.ETag ?? ETag.All };
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return null;
        }
    }

    public async Task<ReservedLink?> LinkAsync(string companyKey, DateOnly month, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(LinkPartition, LinkKey(companyKey, month), cancellationToken: cancellationToken);
        return found.HasValue ? new ReservedLink(found.Value!.GetDateTimeOffset("ReservedAt")!.Value, found.Value.GetString("Token"), found.Value.ETag) : null;
    }

    /// <summary>Reserves the link before it is issued; the reservation's ETag, or null when another host reserved it first.</summary>
    public async Task<ETag?> TryReserveLinkAsync(string companyKey, DateOnly month, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var added = await table.AddEntityAsync(new TableEntity(LinkPartition, LinkKey(companyKey, month)) { ["ReservedAt"] = now }, cancellationToken);
            return added.Headers.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
    }

    /// <summary>Takes over a reservation whose holder died (or paused) before keeping its token; its new ETag, or null when someone else did.</summary>
    public async Task<ETag?> TryRenewLinkAsync(string companyKey, DateOnly month, ReservedLink lapsed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var renewed = await table.UpdateEntityAsync(new TableEntity(LinkPartition, LinkKey(companyKey, month)) { ["ReservedAt"] = now }, lapsed.ETag, TableUpdateMode.Replace, cancellationToken);
            return renewed.Headers.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return null;
        }
    }

    /// <summary>
    /// Keeps the token with the reservation it was issued under (<paramref name="reservation"/>, from reserving or renewing);
    /// false when another host took the reservation over meanwhile, whose row then stands.
    /// </summary>
    public async Task<bool> TryKeepLinkAsync(string companyKey, DateOnly month, DateTimeOffset reservedAt, string token, ETag reservation, CancellationToken cancellationToken)
    {
        try
        {
            await table.UpdateEntityAsync(new TableEntity(LinkPartition, LinkKey(companyKey, month)) { ["ReservedAt"] = reservedAt, ["Token"] = token }, reservation, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    private static string LinkKey(string companyKey, DateOnly month) => $"{companyKey}|{month.ToString("yyyy-MM", CultureInfo.InvariantCulture)}";

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
