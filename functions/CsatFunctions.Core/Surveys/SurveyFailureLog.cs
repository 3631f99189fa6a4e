using Azure.Data.Tables;
using CsatFunctions.Storage;

namespace CsatFunctions.Surveys;

/// <summary>A survey whose email SendGrid refused for good, as an operator sees it.</summary>
public sealed record SurveyFailure(string SurveyId, string TicketId, string Reason, DateTimeOffset FailedAt);

/// <summary>
/// Surveys whose email was refused for a reason a retry will not fix (bad address, bad key), so an
/// operator can list them without scanning every survey. Failures are rare: one partition is plenty.
/// </summary>
public sealed class SurveyFailureLog(CsatStorage storage) : IProvisioned, IHoldsSurveyPersonalData
{
    private const string PartitionKey = "failed";
    private readonly TableClient table = storage.Table("SurveyFailures");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    public Task RecordAsync(SurveyFailure failure, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(
            new TableEntity(PartitionKey, failure.SurveyId)
            {
                ["TicketId"] = failure.TicketId,
                ["Reason"] = failure.Reason,
                ["FailedAt"] = failure.FailedAt,
            },
            TableUpdateMode.Replace,
            cancellationToken);

    /// <summary>Takes the ticket id off the failure, and any address out of a reason recorded before reasons were stored without them.</summary>
    public async Task ErasePersonalDataAsync(Survey survey, CancellationToken cancellationToken)
    {
        var surveyId = survey.Id;
        var found = await table.GetEntityIfExistsAsync<TableEntity>(PartitionKey, surveyId, cancellationToken: cancellationToken);
        if (found.HasValue)
        {
            await table.UpdateEntityAsync(
                new TableEntity(PartitionKey, surveyId) { ["Reason"] = AddressFreeText.Of(found.Value!.GetString("Reason") ?? ""), ["TicketId"] = "" },
                found.Value.ETag,
                TableUpdateMode.Merge,
                cancellationToken);
        }
    }

    public async Task<IReadOnlyList<SurveyFailure>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var failures = new List<SurveyFailure>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == PartitionKey, cancellationToken: cancellationToken))
        {
            failures.Add(new SurveyFailure(row.RowKey, row.GetString("TicketId"), row.GetString("Reason"), row.GetDateTimeOffset("FailedAt") ?? default));
        }

        return [.. failures.OrderByDescending(f => f.FailedAt)];
    }
}
