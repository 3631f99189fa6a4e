using System.Globalization;
using Azure;
using Azure.Data.Tables;
using CsatFunctions.Storage;

namespace CsatFunctions.Agents;

/// <summary>What a claim on one agent email found.</summary>
public enum AgentClaim
{
    /// <summary>This caller holds it now, until the send window ends: send.</summary>
    Claimed,

    /// <summary>The email went out before: send nothing.</summary>
    AlreadySent,

    /// <summary>Another caller is sending it now: look again after its claim.</summary>
    Held,

    /// <summary>SendGrid refused it for good and that was recorded (<see cref="AgentReviewLog.MarkFailedAsync"/>): send nothing.</summary>
    Failed,
}

/// <summary>
/// Each agent's partition (<see cref="AgentReviewer.Key"/>): the claim on each email, one row per
/// answer version (<c>answer|{version}</c>) or digest day (<c>digest|{day}</c>, and <c>digest|{day}|late|{sending day}</c>
/// for answers noted after it), which is how an email
/// goes out once across redeliveries, repairs and hosts; and, for a daily agent, the ids of each local
/// day's answered surveys (<c>day|{day}|{surveyId}</c>) until that day's digest is sent. The weekly and
/// monthly digests keep their claims here too, through <see cref="AgentEmailOnce"/>, in partitions of their
/// own (<c>team-digest</c>, <c>client-digest|{company hash}</c>).
/// </summary>
[PersonalData(PersonalDataErasure.NothingToErase, "Hashed agent names, days, survey ids and send claims; the answers are read from the survey rows.")]
public sealed class AgentReviewLog(CsatStorage storage) : IProvisioned
{
    private const string Sending = "Sending";
    private const string Sent = "Sent";
    private const string Failed = "Failed";
    private const string DayPrefix = "day|";
    private readonly TableClient table = storage.Table("AgentReviews");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    public static string AnswerClaim(string answerVersion) => "answer|" + answerVersion;

    public static string DigestClaim(DateOnly day) => "digest|" + Day(day);

    /// <summary>The one follow-up, sent on <paramref name="today"/>, of the answers noted after <paramref name="day"/>'s digest went out.</summary>
    public static string LateDigestClaim(DateOnly day, DateOnly today) => $"digest|{Day(day)}|late|{Day(today)}";

    /// <summary>Notes a survey answered on the agent's local day; the same survey again is the same row.</summary>
    public async Task RecordAnswerAsync(string agentKey, DateOnly day, string surveyId, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(new TableEntity(agentKey, $"{DayPrefix}{Day(day)}|{surveyId}"), TableUpdateMode.Replace, cancellationToken);

    /// <summary>
    /// The local days before <paramref name="today"/> that still have notes, oldest first: the digests not yet
    /// sent (a sent day's notes are removed with it), and notes written after their day's digest went out.
    /// </summary>
    public async Task<List<DateOnly>> DaysBeforeAsync(string agentKey, DateOnly today, CancellationToken cancellationToken)
    {
        var days = new List<DateOnly>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {agentKey} and RowKey ge {DayPrefix} and RowKey lt {DayPrefix + Day(today)}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            var day = Noted(row).Day;
            if (days.Count == 0 || days[^1] != day)
            {
                days.Add(day);
            }
        }

        return days;
    }

    public async Task<List<NotedAnswer>> AnswersOnAsync(string agentKey, DateOnly day, CancellationToken cancellationToken)
    {
        var (from, to) = DayRange(day);
        var answers = new List<NotedAnswer>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {agentKey} and RowKey ge {from} and RowKey lt {to}"), cancellationToken: cancellationToken))
        {
            answers.Add(Noted(row));
        }

        return answers;
    }

    /// <summary>Forgets notes a digest carried (or that have nothing left to send); a note written again since is kept for the next one.</summary>
    public async Task ForgetAsync(string agentKey, IEnumerable<NotedAnswer> answers, CancellationToken cancellationToken)
    {
        foreach (var answer in answers)
        {
            try
            {
                await table.DeleteEntityAsync(agentKey, $"{DayPrefix}{Day(answer.Day)}|{answer.SurveyId}", answer.ETag, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Gone already, or the answer was noted again meanwhile: that note waits for a later digest.
            }
        }
    }

    public async Task<bool> WasSentAsync(string agentKey, string claim, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(agentKey, claim, select: ["State"], cancellationToken: cancellationToken);
        return row.HasValue && row.Value!.GetString("State") == Sent;
    }

    /// <summary>Claims the email until <paramref name="expiresAt"/>: a new row, or one whose claim lapsed (its sender died), taken over by ETag.</summary>
    public async Task<AgentClaim> TryClaimAsync(string agentKey, string claim, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var claimed = new TableEntity(agentKey, claim) { ["State"] = Sending, ["ClaimExpiresAt"] = expiresAt };
        try
        {
            await table.AddEntityAsync(claimed, cancellationToken);
            return AgentClaim.Claimed;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Claimed before: sent, being sent, or left by a sender that died.
        }

        var found = await table.GetEntityIfExistsAsync<TableEntity>(agentKey, claim, cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            // Its holder gave it back just now (SendGrid refused): that attempt is being retried already.
            return AgentClaim.Held;
        }

        var current = found.Value!;
        switch (current.GetString("State"))
        {
            case Sent:
                return AgentClaim.AlreadySent;
            case Failed:
                return AgentClaim.Failed;
        }

        if (current.GetDateTimeOffset("ClaimExpiresAt") is { } held && held > now)
        {
            return AgentClaim.Held;
        }

        try
        {
            await table.UpdateEntityAsync(claimed, current.ETag, TableUpdateMode.Replace, cancellationToken);
            return AgentClaim.Claimed;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return AgentClaim.Held;
        }
    }

    public async Task MarkSentAsync(string agentKey, string claim, DateTimeOffset sentAt, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(new TableEntity(agentKey, claim) { ["State"] = Sent, ["SentAt"] = sentAt }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>Records that SendGrid refused the email for good (its status), so no later attempt sends it again.</summary>
    public async Task MarkFailedAsync(string agentKey, string claim, DateTimeOffset failedAt, int status, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(new TableEntity(agentKey, claim) { ["State"] = Failed, ["FailedAt"] = failedAt, ["Status"] = status }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>Whether the email was sent, or refused for good: nothing more to do for it.</summary>
    public async Task<bool> IsSettledAsync(string agentKey, string claim, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(agentKey, claim, select: ["State"], cancellationToken: cancellationToken);
        return row.HasValue && row.Value!.GetString("State") is Sent or Failed;
    }

    /// <summary>Gives a claim back after SendGrid turned the email away, so the next attempt may send at once.</summary>
    public async Task ReleaseAsync(string agentKey, string claim, CancellationToken cancellationToken) =>
        await table.DeleteEntityAsync(agentKey, claim, ETag.All, cancellationToken);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Reads <c>day|{yyyy-MM-dd}|{surveyId}</c>.</summary>
    private static NotedAnswer Noted(TableEntity row) =>
        new(DateOnly.ParseExact(row.RowKey.AsSpan(DayPrefix.Length, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture), row.RowKey[(DayPrefix.Length + 11)..], row.ETag);

    /// <summary>The row keys of one day's answers: from <c>day|{day}|</c> up to the next character after the bar.</summary>
    private static (string From, string To) DayRange(DateOnly day) => ($"{DayPrefix}{Day(day)}|", $"{DayPrefix}{Day(day)}}}");
}
