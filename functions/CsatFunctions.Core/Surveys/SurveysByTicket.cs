using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using CsatFunctions.Storage;

namespace CsatFunctions.Surveys;

/// <summary>A ticket's entry: its key, and its survey's id (null once the survey's personal data was erased).</summary>
public sealed record TicketSurvey(string Key, string? SurveyId);

/// <summary>
/// Which survey each ticket (and each campaign's ask of a customer) has: the only way from a ticket
/// to its survey, and the idempotency gate in front of the survey row, so a retried webhook, a
/// redelivered message or a second ask land on the same survey. Erasure empties the entry and keeps
/// it: a redelivered ticket is still a duplicate, and its answer can no longer be found from it.
/// </summary>
[PersonalData(PersonalDataErasure.WithTheSurvey, "The way from a ticket to its survey.")]
public sealed class SurveysByTicket(CsatStorage storage, SurveyTable surveys) : IProvisioned
{
    private const string RowKey = "ticket";
    private readonly TableClient table = storage.Table("SurveysByTicket");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>The ticket's key: a hash, so any ticket id is a valid table key and the keys spread evenly.</summary>
    public static string KeyOf(string source, string ticketId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{source}\n{ticketId}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>The ticket's survey: the one it has, or a new id that every later delivery of the ticket gets too.</summary>
    public async Task<TicketSurvey> ClaimAsync(string source, string ticketId, CancellationToken cancellationToken)
    {
        // One round trip for a new ticket: the entry's insert, and beside it the read of a survey taken
        // in before this table existed, whose id is the key (such a row exists for every delivery of
        // its ticket, so all of them see it).
        var key = KeyOf(source, ticketId);
        var inserting = TryInsertAsync(key, SurveyId.New(), cancellationToken);
        var older = surveys.GetAsync(key, cancellationToken);
        await Task.WhenAll(inserting, older);

        // Another delivery of the ticket got there first (or the SDK resent this insert after losing its
        // answer): the entry stored is the ticket's, whichever wrote it.
        var entry = await inserting ?? await FindAsync(key, cancellationToken) ?? throw new ConcurrentChangeException($"Ticket entry {key} vanished after a conflicting insert.");
        if (entry.SurveyId is null || await older is null || entry.SurveyId == key)
        {
            return entry;
        }

        await table.UpsertEntityAsync(new TableEntity(key, RowKey) { ["SurveyId"] = key }, TableUpdateMode.Replace, cancellationToken);
        return entry with { SurveyId = key };
    }

    /// <summary>The ticket's survey, if it has one, without making an entry (a reopen of a ticket never taken in creates nothing).</summary>
    /// <returns>The survey's id; null when the ticket has none, or its survey's personal data was erased.</returns>
    public async Task<string?> LookUpAsync(string source, string ticketId, CancellationToken cancellationToken)
    {
        // A survey taken in before this table existed has the key as its id, and no entry.
        var key = KeyOf(source, ticketId);
        return await FindAsync(key, cancellationToken) is { } entry ? entry.SurveyId
            : await surveys.GetAsync(key, cancellationToken) is not null ? key
            : null;
    }

    /// <returns>The new entry; null when the ticket has one already.</returns>
    private async Task<TicketSurvey?> TryInsertAsync(string key, string surveyId, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(new TableEntity(key, RowKey) { ["SurveyId"] = surveyId }, cancellationToken);
            return new TicketSurvey(key, surveyId);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
    }

    /// <returns>The entry under the key; null when there is none.</returns>
    public async Task<TicketSurvey?> FindAsync(string key, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(key, RowKey, cancellationToken: cancellationToken);
        return found.HasValue ? new TicketSurvey(key, found.Value!.GetString("SurveyId") is { Length: > 0 } id ? id : null) : null;
    }

    /// <summary>Empties the entry (made if missing, for a survey older than this table), so nothing leads from the ticket to its survey.</summary>
    public Task ForgetAsync(string key, DateTimeOffset erasedAt, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(new TableEntity(key, RowKey) { ["SurveyId"] = "", ["ErasedAt"] = erasedAt }, TableUpdateMode.Replace, cancellationToken);
}
