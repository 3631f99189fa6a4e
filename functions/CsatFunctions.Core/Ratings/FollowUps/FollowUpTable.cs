using Azure;
using Azure.Data.Tables;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;

namespace CsatFunctions.Ratings.FollowUps;

/// <summary>
/// Every answer at the bottom of its scale opens a follow-up; a later answer above the bottom marks
/// it recovered. Rows are partitioned as the day index is (resolution day + first hex digit of the
/// survey id), so a period's follow-ups are one range query and the desk's feed joins them day by
/// day. Every change is a read and a write conditional on it, so the team and a customer changing
/// their answer at the same moment never overwrite each other. A survey resolved again on another day
/// takes its follow-up there (<see cref="MovedFollowUp"/>) whenever it is filed, and before anything
/// here reads one survey's follow-up or changes it; the list by day reads what has been moved.
/// </summary>
public sealed class FollowUpTable(CsatStorage storage, MovedFollowUp moved, TimeProvider time) : IProvisioned, IHoldsSurveyPersonalData, IAnswerHook
{
    private readonly TableClient table = storage.Table("FollowUps");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>Opens, reopens or recovers the survey's follow-up for its latest answer; safe to repeat.</summary>
    public Task OnAnswerAsync(Survey survey, CancellationToken cancellationToken)
    {
        if (survey is not { Rating: { } rating, RatedAt: { } ratedAt })
        {
            return Task.CompletedTask;
        }

        var answer = Scale.Wire(rating, survey.Score);
        var bottom = survey.Scale.IsBottom(rating, survey.Score);
        return ChangeAsync(survey, existing => (existing, bottom) switch
        {
            (null, true) => new FollowUp(survey.Id, survey.TicketId, survey.Source, survey.Agent ?? "", survey.Company, survey.ResolvedDay, answer, FollowUpStatus.Open, "", "", ratedAt, null, null),

            // Changed their mind back to the bottom: the team has something to follow up again.
            ({ Status: FollowUpStatus.Recovered } recovered, true) when ratedAt > recovered.ClosedAt => recovered with { Status = FollowUpStatus.Open, Rating = answer, OpenedAt = ratedAt, ClosedAt = null },
            ({ Status: not FollowUpStatus.Recovered } open, false) when ratedAt > open.OpenedAt => open with { Status = FollowUpStatus.Recovered, Rating = answer, ClosedAt = ratedAt },
            _ => null,
        }, cancellationToken);
    }

    /// <summary>The team's change: status, owner, note. The first move past open records when the customer was first contacted.</summary>
    /// <returns>The follow-up as changed, or null when the survey has none.</returns>
    public async Task<FollowUp?> UpdateAsync(Survey survey, FollowUpStatus status, string owner, string note, CancellationToken cancellationToken)
    {
        FollowUp? changed = null;
        await ChangeAsync(survey, existing =>
        {
            var now = time.GetUtcNow();
            return changed = existing is null ? null : existing with
            {
                Status = status,
                Owner = owner,
                Note = note,
                FirstContactAt = existing.FirstContactAt ?? (status is FollowUpStatus.Contacted or FollowUpStatus.Resolved ? now : null),
                ClosedAt = status == FollowUpStatus.Resolved ? existing.ClosedAt ?? now : null,
            };
        }, cancellationToken);
        return changed;
    }

    /// <summary>The survey's follow-up, or null when its answers never reached the bottom of the scale.</summary>
    public async Task<FollowUp?> FindAsync(Survey survey, CancellationToken cancellationToken)
    {
        await MoveIfMovedAsync(survey, cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(PartitionOf(survey), survey.Id, cancellationToken: cancellationToken);
        return found.HasValue ? From(found.Value!) : null;
    }

    /// <summary>Erases the team's note, which may say anything about the customer, and the ticket id; status, owner and times stay.</summary>
    public async Task ErasePersonalDataAsync(Survey survey, CancellationToken cancellationToken)
    {
        await MoveIfMovedAsync(survey, cancellationToken);
        try
        {
            await table.UpdateEntityAsync(new TableEntity(PartitionOf(survey), survey.Id) { ["Note"] = "", ["TicketId"] = "" }, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No follow-up: nothing to erase.
        }
    }

    /// <summary>The follow-ups of surveys resolved in the range, or of every day when it is null.</summary>
    public async Task<List<FollowUp>> ListAsync(DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        var filter = from is { } first && to is { } last
            ? TableClient.CreateQueryFilter($"PartitionKey ge {DayKey.Of(first) + "-"} and PartitionKey lt {DayKey.Of(last) + "."}")
            : null;
        var items = new List<FollowUp>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            items.Add(From(row));
        }

        return items;
    }

    public static string Name(FollowUpStatus status) => status.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out FollowUpStatus status)
    {
        status = Enum.GetValues<FollowUpStatus>().FirstOrDefault(value => Name(value) == text);
        return Enum.GetValues<FollowUpStatus>().Any(value => Name(value) == text);
    }

    /// <summary>Reads the follow-up, applies <paramref name="change"/> (null: nothing to write) and writes it back if nobody wrote meanwhile.</summary>
    private async Task ChangeAsync(Survey survey, Func<FollowUp?, FollowUp?> change, CancellationToken cancellationToken)
    {
        await MoveIfMovedAsync(survey, cancellationToken);
        var (partition, row) = (PartitionOf(survey), survey.Id);
        while (true)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
            if (change(found.HasValue ? From(found.Value!) : null) is not { } changed)
            {
                return;
            }

            var entity = To(partition, changed);
            try
            {
                await (found.HasValue
                    ? table.UpdateEntityAsync(entity, found.Value!.ETag, TableUpdateMode.Replace, cancellationToken)
                    : table.AddEntityAsync(entity, cancellationToken));
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Written meanwhile: decide again on what is there now.
            }
        }
    }

    private Task MoveIfMovedAsync(Survey survey, CancellationToken cancellationToken) => survey.RefiledFrom is { } from && from != survey.ResolvedDay ? moved.MoveAsync(survey, from, cancellationToken) : Task.CompletedTask;

    internal static TableEntity To(string partition, FollowUp followUp) => new(partition, followUp.SurveyId)
    {
        ["TicketId"] = followUp.TicketId,
        ["Source"] = followUp.Source,
        ["Agent"] = followUp.Agent,
        ["Company"] = followUp.Company,
        ["Rating"] = followUp.Rating,
        ["Status"] = Name(followUp.Status),
        ["Owner"] = followUp.Owner,
        ["Note"] = followUp.Note,
        ["OpenedAt"] = followUp.OpenedAt,
        ["FirstContactAt"] = followUp.FirstContactAt,
        ["ClosedAt"] = followUp.ClosedAt,
    };

    internal static string PartitionOf(Survey survey) => PartitionOf(survey.ResolvedDay, survey.Id);

    internal static string PartitionOf(DateOnly day, string surveyId) => $"{DayKey.Of(day)}-{surveyId[0]}";

    internal static FollowUp From(TableEntity row) => new(
        row.RowKey,
        row.GetString("TicketId") ?? "",
        row.GetString("Source") ?? "",
        row.GetString("Agent") ?? "",
        row.GetString("Company") is { Length: > 0 } company ? company : null,
        DayKey.Parse(row.PartitionKey[..8]),
        row.GetString("Rating") ?? "",
        TryParse(row.GetString("Status"), out var status) ? status : FollowUpStatus.Open,
        row.GetString("Owner") ?? "",
        row.GetString("Note") ?? "",
        row.GetDateTimeOffset("OpenedAt") ?? DateTimeOffset.UnixEpoch,
        row.GetDateTimeOffset("FirstContactAt"),
        row.GetDateTimeOffset("ClosedAt"));
}
