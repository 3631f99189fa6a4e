using Azure;
using Azure.Data.Tables;
using CsatFunctions.Storage;

namespace CsatFunctions.Surveys;

/// <summary>A survey as read from its row, with the ETag that a conditional update must match.</summary>
public sealed record StoredSurvey(Survey Survey, ETag ETag);

/// <summary>The surveys table: one row per survey, partitioned by survey id so writes spread evenly.</summary>
[PersonalData(PersonalDataErasure.WithTheSurvey, "The survey row: address, name, subject, comment, ticket id.")]
public sealed partial class SurveyTable(CsatStorage storage) : IProvisioned
{
    internal const string RowKey = "survey";
    private const string InsertedBy = "InsertedBy";
    private readonly TableClient table = storage.Table("Surveys");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    /// <returns>False when the survey already exists: the insert is the idempotency gate for intake.</returns>
    public async Task<bool> TryInsertAsync(Survey survey, CancellationToken cancellationToken) =>
        (await InsertOrReadAsync(survey, cancellationToken)).IsNew;

    /// <returns>Whether this call inserted the survey; if not, the row another delivery of the ticket inserted (null if it has gone since).</returns>
    public async Task<(bool IsNew, StoredSurvey? Existing)> InsertOrReadAsync(Survey survey, CancellationToken cancellationToken)
    {
        // When an insert's answer is lost on the way back, the SDK sends it again and meets the row its
        // own first try wrote. A token only this call knows tells that row from another delivery's.
        var entity = SurveyRow.ToEntity(survey);
        var token = Guid.NewGuid().ToString("N");
        entity[InsertedBy] = token;
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return (true, null);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var stored = await table.GetEntityIfExistsAsync<TableEntity>(survey.Id, RowKey, cancellationToken: cancellationToken);
            return !stored.HasValue ? (false, null)
                : stored.Value!.GetString(InsertedBy) == token ? (true, null)
                : (false, new StoredSurvey(SurveyRow.FromEntity(stored.Value), stored.Value.ETag));
        }
    }

    public async Task<StoredSurvey?> GetAsync(string surveyId, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(surveyId, RowKey, cancellationToken: cancellationToken);
        return response.HasValue ? new StoredSurvey(SurveyRow.FromEntity(response.Value!), response.Value!.ETag) : null;
    }

    /// <param name="claimId">Names this claim, so a mailer whose write was cut off by an outage can tell whether it landed.</param>
    /// <returns>False when the row changed since it was read: another mailer got there first.</returns>
    public Task<bool> TryClaimSendAsync(StoredSurvey stored, OutgoingEmail email, string claimId, DateTimeOffset claimExpiresAt, CancellationToken cancellationToken) =>
        TryMergeAsync(stored, new Dictionary<string, object> { [email.StateColumn] = nameof(EmailState.Sending), [email.ClaimIdColumn] = claimId, [email.ClaimExpiresAtColumn] = claimExpiresAt }, cancellationToken);

    /// <summary>Merges some columns into the survey's row, conditional on the row as read.</summary>
    /// <returns>False when the row changed (or went) since it was read.</returns>
    public async Task<bool> TryMergeAsync(StoredSurvey stored, IDictionary<string, object> values, CancellationToken cancellationToken)
    {
        try
        {
            await table.UpdateEntityAsync(new TableEntity(values) { PartitionKey = stored.Survey.Id, RowKey = RowKey }, stored.ETag, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    /// <summary>
    /// A survey counted without an email gets the one a later delivery carries, and becomes Pending.
    /// Conditional on the row read, so of two such deliveries at once only one takes it over.
    /// </summary>
    /// <returns>False when the row changed since it was read.</returns>
    public async Task<bool> TryGiveEmailAsync(StoredSurvey stored, Survey withEmail, CancellationToken cancellationToken)
    {
        try
        {
            await table.UpdateEntityAsync(SurveyRow.ToEntity(withEmail), stored.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    public Task MarkSentAsync(string surveyId, OutgoingEmail email, DateTimeOffset sentAt, CancellationToken cancellationToken) =>
        MergeAsync(surveyId, new() { [email.StateColumn] = nameof(EmailState.Sent), [email.SentAtColumn] = sentAt, [email.FailureColumn] = "" }, cancellationToken);

    public Task MarkFailedAsync(string surveyId, OutgoingEmail email, string reason, CancellationToken cancellationToken) =>
        MergeAsync(surveyId, new() { [email.StateColumn] = nameof(EmailState.Failed), [email.FailureColumn] = reason }, cancellationToken);

    public Task MarkSkippedAsync(string surveyId, string reason, CancellationToken cancellationToken) =>
        MergeAsync(surveyId, new() { ["Email"] = nameof(EmailState.Skipped), ["SkipReason"] = reason }, cancellationToken);

    /// <summary>Gives a claimed send back after a failure that a retry may fix, so the retry need not wait out the claim.</summary>
    public Task ReleaseClaimAsync(string surveyId, OutgoingEmail email, string reason, CancellationToken cancellationToken) =>
        MergeAsync(surveyId, new() { [email.StateColumn] = nameof(EmailState.Pending), [email.FailureColumn] = reason }, cancellationToken);

    /// <summary>
    /// Stores what SendGrid's events said, conditional on the row as read (a resolution asking again
    /// may have rewritten it since). Each value is only ever set, never cleared, and a merge leaves
    /// the others alone, so events applied twice or out of order end in the same row.
    /// </summary>
    /// <returns>False when the row changed (or went) since it was read.</returns>
    public Task<bool> TryRecordDeliveryAsync(StoredSurvey stored, Survey survey, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, object>();
        foreach (var (column, value) in new (string, object?)[] { ("ProcessedAt", survey.ProcessedAt), ("DeliveredAt", survey.DeliveredAt), ("UndeliverableBecause", survey.UndeliverableBecause), ("ReminderProcessedAt", survey.ReminderProcessedAt) })
        {
            if (value is not null)
            {
                values[column] = value;
            }
        }

        return TryMergeAsync(stored, values, cancellationToken);
    }

    /// <summary>
    /// The latest answer stands: rating and comment are replaced together, unless the row already
    /// holds an answer given later (two submits racing), conditional on the row as read. An answer to
    /// a survey whose personal data was erased (before, or while this was on its way) is counted and
    /// keeps no comment: the erasure is not undone by a click on an old link.
    /// </summary>
    /// <returns>The survey as answered; null when a later answer was already stored, so this one was not.</returns>
    /// <param name="publish">The customer allowed the comment to be published with their first name.</param>
    /// <param name="reasons">The reasons kept with the answer (none unless it is at the bottom of the scale); they replace any earlier answer's, and erasure keeps them like the rating.</param>
    public async Task<Survey?> RecordRatingAsync(StoredSurvey stored, Rating rating, int? score, string? comment, bool publish, IReadOnlyList<string> reasons, DateTimeOffset ratedAt, CancellationToken cancellationToken)
    {
        var current = stored;
        while (current.Survey.RatedAt is not { } previous || previous < ratedAt)
        {
            var erased = current.Survey.ErasedAt is not null;
            // An answer stored before FirstRatedAt was kept was the first one.
            var first = current.Survey.FirstRatedAt ?? current.Survey.RatedAt ?? ratedAt;
            var answered = current.Survey with { Rating = rating, Score = score, Comment = erased ? null : comment, Publish = !erased && publish, RatedAt = ratedAt, FirstRatedAt = first, Reasons = reasons };
            var entity = new TableEntity(answered.Id, RowKey) { ["Rating"] = rating.ToWire(), ["Score"] = score ?? -1, ["Comment"] = answered.Comment ?? "", ["Publish"] = answered.Publish, ["RatedAt"] = ratedAt, ["FirstRatedAt"] = first, ["Reasons"] = SurveyRow.Lists(reasons) };
            try
            {
                await table.UpdateEntityAsync(entity, current.ETag, TableUpdateMode.Merge, cancellationToken);
                return answered;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                current = await GetAsync(stored.Survey.Id, cancellationToken) ?? throw new InvalidOperationException($"Survey {stored.Survey.Id} vanished while being rated.");
            }
        }

        return null;
    }

    public Task MarkAlertEmailedAsync(string surveyId, DateTimeOffset ratedAt, CancellationToken cancellationToken) =>
        MergeAsync(surveyId, new() { ["AlertEmailedFor"] = ratedAt }, cancellationToken);

    public Task MarkAlertPostedAsync(string surveyId, DateTimeOffset ratedAt, CancellationToken cancellationToken) =>
        MergeAsync(surveyId, new() { ["AlertPostedFor"] = ratedAt }, cancellationToken);

    public Task MarkKudosPostedAsync(string surveyId, DateTimeOffset ratedAt, CancellationToken cancellationToken) =>
        MergeAsync(surveyId, new() { ["KudosPostedFor"] = ratedAt }, cancellationToken);

    /// <summary>
    /// Erases what identifies the customer (address, name, the ticket's subject, their comment) and
    /// keeps what the survey is counted by: its rating stays, with no link to the person.
    /// </summary>
    public Task EraseCustomerAsync(Survey survey, DateTimeOffset erasedAt, CancellationToken cancellationToken)
    {
        // The ticket id goes too: in the helpdesk it names the person, and the ticket's URL is made from
        // it; so does the key of its entry in SurveysByTicket, which erasure empties before this.
        var values = new Dictionary<string, object> { ["TicketId"] = "", ["TicketKey"] = "", ["CustomerEmail"] = "", ["CustomerName"] = "", ["Subject"] = "", ["Comment"] = "", ["Publish"] = false, ["ErasedAt"] = erasedAt };

        // SendGrid's words stored before they were kept free of addresses.
        foreach (var (column, text) in new[] { ("UndeliverableBecause", survey.UndeliverableBecause), ("SendFailure", survey.SendFailure), ("ReminderFailure", survey.ReminderFailure) })
        {
            if (text is not null)
            {
                values[column] = AddressFreeText.Of(text);
            }
        }

        return MergeAsync(survey.Id, values, cancellationToken);
    }

    private async Task MergeAsync(string surveyId, Dictionary<string, object> values, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(values) { PartitionKey = surveyId, RowKey = RowKey };
        await table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }
}
