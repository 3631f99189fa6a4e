using Azure.Data.Tables;
using CsatFunctions.Storage;

namespace CsatFunctions.Scores;

/// <summary>Holds the one public score document, already serialized, with its ETag.</summary>
[PersonalData(PersonalDataErasure.NothingToErase, "The published figures.")]
public sealed class PublishedScoreTable(CsatStorage storage) : IProvisioned
{
    private const string PartitionKey = "public";
    private const string RowKey = "v1";
    private readonly TableClient table = storage.Table("Scores");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    public Task SaveAsync(PublishedScore score, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(
            new TableEntity(PartitionKey, RowKey) { ["Json"] = score.Json, ["ETag"] = score.ETag, ["Comments"] = score.CommentsJson, ["Version"] = score.Version },
            TableUpdateMode.Replace,
            cancellationToken);

    /// <summary>Only the stored documents' version: the small read that tells whether newer ones were published.</summary>
    public async Task<string?> GetVersionAsync(CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(PartitionKey, RowKey, select: ["Version", "ETag"], cancellationToken: cancellationToken);
        return response.HasValue ? response.Value!.GetString("Version") ?? response.Value.GetString("ETag") : null;
    }

    public async Task<PublishedScore?> GetAsync(CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(PartitionKey, RowKey, cancellationToken: cancellationToken);
        return response.HasValue
            ? new PublishedScore(response.Value!.GetString("Json"), response.Value.GetString("ETag")) { CommentsJson = response.Value.GetString("Comments") ?? "" }
            : null;
    }
}
