using Azure;
using Azure.Data.Tables;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;

namespace CsatFunctions.Campaigns;

/// <summary>One customer asked in one round, and their answer if they gave one.</summary>
public sealed record CampaignAsk(string SurveyId, int Round, DateTimeOffset AskedAt, int? Score, string? Comment, DateTimeOffset? AnsweredAt);

/// <summary>
/// What each campaign asked and was answered, one row per survey in the campaign's partition: the
/// campaign's report reads one partition, and its answers never reach the public ticket windows.
/// </summary>
public sealed class CampaignAnswers(CsatStorage storage) : IProvisioned, IHoldsSurveyPersonalData, IAnswerHook
{
    private readonly TableClient table = storage.Table("CampaignAnswers");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    public Task AskedAsync(string campaign, int round, string surveyId, DateTimeOffset askedAt, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(new TableEntity(campaign, surveyId) { ["Round"] = round, ["AskedAt"] = askedAt }, TableUpdateMode.Merge, cancellationToken);

    /// <summary>Brings a campaign survey's latest answer (0 to 10 and the "why") into its report.</summary>
    public async Task OnAnswerAsync(Survey survey, CancellationToken cancellationToken)
    {
        if (survey is not { Campaign: { } campaign, Score: { } score, RatedAt: { } ratedAt })
        {
            return;
        }

        await table.UpsertEntityAsync(
            new TableEntity(campaign, survey.Id) { ["Score"] = score, ["Comment"] = survey.Comment ?? "", ["AnsweredAt"] = ratedAt },
            TableUpdateMode.Merge,
            cancellationToken);
    }

    /// <summary>Erases the customer's words from the report; their score stays counted.</summary>
    public async Task ErasePersonalDataAsync(Survey survey, CancellationToken cancellationToken)
    {
        if (survey.Campaign is not { } campaign)
        {
            return;
        }

        try
        {
            await table.UpdateEntityAsync(new TableEntity(campaign, survey.Id) { ["Comment"] = "" }, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Never recorded: nothing to erase.
        }
    }

    /// <summary>The campaign's surveys asked before <paramref name="before"/> that the retention sweep has not yet erased.</summary>
    public async Task<List<string>> UnsweptBeforeAsync(string campaign, DateTimeOffset before, CancellationToken cancellationToken)
    {
        // Swept is checked here, not in the filter: the service leaves out a row that lacks a property the filter compares, even with "ne".
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {campaign} and AskedAt lt {before}");
        var found = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey", "Swept"], cancellationToken: cancellationToken))
        {
            if (row.GetBoolean("Swept") != true)
            {
                found.Add(row.RowKey);
            }
        }

        return found;
    }

    /// <summary>Records that the retention sweep erased the survey's customer, so it is not read again.</summary>
    public Task MarkSweptAsync(string campaign, string surveyId, CancellationToken cancellationToken) =>
        table.UpdateEntityAsync(new TableEntity(campaign, surveyId) { ["Swept"] = true }, ETag.All, TableUpdateMode.Merge, cancellationToken);

    public async Task<List<CampaignAsk>> ReadAllAsync(string campaign, CancellationToken cancellationToken)
    {
        var asks = new List<CampaignAsk>();
        await foreach (var row in table.QueryAsync<TableEntity>(row => row.PartitionKey == campaign, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            asks.Add(new CampaignAsk(
                row.RowKey,
                row.GetInt32("Round") ?? 0,
                row.GetDateTimeOffset("AskedAt") ?? DateTimeOffset.UnixEpoch,
                row.GetInt32("Score") is { } score && score >= 0 ? score : null,
                row.GetString("Comment") is { Length: > 0 } comment ? comment : null,
                row.GetDateTimeOffset("AnsweredAt")));
        }

        return asks;
    }
}
