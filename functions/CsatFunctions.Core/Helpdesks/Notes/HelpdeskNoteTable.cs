using Azure;
using Azure.Data.Tables;
using CsatFunctions.Storage;

namespace CsatFunctions.Helpdesks.Notes;

/// <summary>
/// What the <c>helpdesk-notes</c> step keeps: a row per answer version (partition: the survey id;
/// row: the answer's ticks) holding its note's claim and outcome, and, under the partition
/// <c>refused</c>, one row per note the helpdesk refused for good, so they are counted and listed
/// without a scan. A claim is conditional on the row's ETag, so of several writers (redelivered
/// messages, several hosts) one writes.
/// </summary>
[PersonalData(PersonalDataErasure.NothingToErase, "Survey ids, answer times, claims and outcomes (a status and our reason); the ticket and the words stay on the survey.")]
public sealed class HelpdeskNoteTable(CsatStorage storage) : IProvisioned
{
    private const string RefusedPartition = "refused";
    private readonly TableClient table = storage.Table("HelpdeskNotes");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    public async Task<NoteProgress?> ReadAsync(HelpdeskNoteMessage message, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(message.SurveyId, Row(message), cancellationToken: cancellationToken);
        return found.HasValue && found.Value is { } row
            ? new NoteProgress(
                Enum.TryParse<NoteState>(row.GetString("State"), out var state) ? state : NoteState.Pending,
                row.GetString("ClaimId"),
                row.GetDateTimeOffset("ClaimExpiresAt"),
                row.GetBoolean("Unsure") ?? false,
                row.ETag)
            : null;
    }

    /// <summary>Claims the note, conditional on the row as read (or on there being none).</summary>
    /// <returns>The claimed row's ETag, or null when another writer changed the row first.</returns>
    public async Task<ETag?> TryClaimAsync(HelpdeskNoteMessage message, string helpdesk, NoteProgress? read, string claimId, DateTimeOffset expiresAt, bool unsure, CancellationToken cancellationToken)
    {
        var row = new TableEntity(message.SurveyId, Row(message))
        {
            ["State"] = nameof(NoteState.Writing),
            ["Helpdesk"] = helpdesk,
            ["ClaimId"] = claimId,
            ["ClaimExpiresAt"] = expiresAt,
            ["Unsure"] = unsure,
        };
        try
        {
            var response = read is null
                ? await table.AddEntityAsync(row, cancellationToken)
                : await table.UpdateEntityAsync(row, read.ETag, TableUpdateMode.Merge, cancellationToken);
            return response.Headers.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            return null;
        }
    }

    /// <summary>Gives a claim back after the helpdesk throttled or failed, unless another writer has the row since.</summary>
    /// <param name="unsure">The attempt may have written the note: the next one reads the ticket first.</param>
    public async Task ReleaseAsync(HelpdeskNoteMessage message, ETag claimed, bool unsure, CancellationToken cancellationToken)
    {
        try
        {
            await table.UpdateEntityAsync(
                new TableEntity(message.SurveyId, Row(message)) { ["State"] = nameof(NoteState.Pending), ["ClaimId"] = "", ["Unsure"] = unsure },
                claimed,
                TableUpdateMode.Merge,
                cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            // Another writer took the row over after our claim lapsed; it decides now.
        }
    }

    /// <summary>The helpdesk has the note: recorded whatever the row says meanwhile, since the note exists.</summary>
    public Task RecordWrittenAsync(HelpdeskNoteMessage message, DateTimeOffset writtenAt, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(
            new TableEntity(message.SurveyId, Row(message)) { ["State"] = nameof(NoteState.Written), ["ClaimId"] = "", ["Unsure"] = false, ["WrittenAt"] = writtenAt },
            TableUpdateMode.Merge,
            cancellationToken);

    /// <summary>The helpdesk refused the note for good: the version's row says so, and the refused list names it.</summary>
    public async Task RecordRefusedAsync(HelpdeskNoteMessage message, string helpdesk, int status, string reason, DateTimeOffset refusedAt, CancellationToken cancellationToken)
    {
        await table.UpsertEntityAsync(
            new TableEntity(RefusedPartition, message.AnswerVersion)
            {
                ["SurveyId"] = message.SurveyId, ["RatedAt"] = message.RatedAt, ["Helpdesk"] = helpdesk, ["Status"] = status, ["Reason"] = reason, ["RefusedAt"] = refusedAt,
            },
            TableUpdateMode.Replace,
            cancellationToken);
        await table.UpsertEntityAsync(
            new TableEntity(message.SurveyId, Row(message)) { ["State"] = nameof(NoteState.Refused), ["ClaimId"] = "", ["Status"] = status, ["Reason"] = reason },
            TableUpdateMode.Merge,
            cancellationToken);
    }

    /// <summary>Every note refused for good and not replayed since, newest first.</summary>
    public async Task<IReadOnlyList<RefusedNote>> ReadRefusedAsync(CancellationToken cancellationToken)
    {
        var refused = new List<RefusedNote>();
        await foreach (var row in table.QueryAsync<TableEntity>(row => row.PartitionKey == RefusedPartition, cancellationToken: cancellationToken))
        {
            refused.Add(new RefusedNote(
                row.GetString("SurveyId"), row.GetDateTimeOffset("RatedAt") ?? default, row.GetString("Helpdesk"), row.GetInt32("Status") ?? 0, row.GetString("Reason"), row.GetDateTimeOffset("RefusedAt") ?? default, row.ETag));
        }

        return [.. refused.OrderByDescending(note => note.RefusedAt)];
    }

    /// <summary>
    /// Makes a refused note writable again (its row back to Pending), before its message is queued
    /// again; conditional on the row still saying Refused, so a note written meanwhile stays written.
    /// </summary>
    public async Task ReopenAsync(HelpdeskNoteMessage message, CancellationToken cancellationToken)
    {
        if (await ReadAsync(message, cancellationToken) is { State: NoteState.Refused } refused)
        {
            try
            {
                await table.UpdateEntityAsync(new TableEntity(message.SurveyId, Row(message)) { ["State"] = nameof(NoteState.Pending) }, refused.ETag, TableUpdateMode.Merge, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Changed meanwhile: whatever it says now stands.
            }
        }
    }

    /// <summary>Takes a replayed note off the refused list, unless it was refused again meanwhile (a new ETag).</summary>
    public async Task ForgetRefusalAsync(RefusedNote note, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(RefusedPartition, $"{note.SurveyId}.{note.RatedAt.UtcTicks}", note.ETag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Gone already, or refused again by the replay itself: it stays listed.
        }
    }

    private static string Row(HelpdeskNoteMessage message) => message.RatedAt.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);
}
