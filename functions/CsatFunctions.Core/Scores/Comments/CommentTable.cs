using Azure;
using Azure.Data.Tables;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;

namespace CsatFunctions.Scores.Comments;

/// <summary>A comment the customer allowed us to publish, and whether the support team removed it (and why).</summary>
public sealed record ConsentedComment(string SurveyId, string Rating, string Comment, string? Author, DateTimeOffset RatedAt, string? RemovedBecause);

/// <summary>
/// The comments customers allowed us to publish, whatever their rating: one row per survey, kept in
/// step with its latest answer (a later answer without consent, or without a comment, takes it
/// away). The support team may remove one only for personal data, abuse or spam, and restore it.
/// </summary>
public sealed class CommentTable(CsatStorage storage) : IProvisioned, IHoldsSurveyPersonalData, IAnswerHook
{
    /// <summary>The only reasons a consented comment may be kept from the public: never its rating.</summary>
    public static readonly IReadOnlyList<string> RemovalReasons = ["personal-data", "abusive", "spam"];

    private readonly TableClient table = storage.Table("Comments");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>Brings the survey's latest answer in: publishes its comment if allowed, else takes any earlier one away. An older answer replayed changes nothing.</summary>
    public async Task OnAnswerAsync(Survey survey, CancellationToken cancellationToken)
    {
        // The public comments are about tickets; a campaign's "why" is read on the desk.
        if (survey is not { Rating: { } rating, RatedAt: { } ratedAt, Campaign: null })
        {
            return;
        }

        var found = await table.GetEntityIfExistsAsync<TableEntity>(survey.Id[..1], survey.Id, cancellationToken: cancellationToken);
        if (found.HasValue && found.Value!.GetDateTimeOffset("RatedAt") >= ratedAt)
        {
            return;
        }

        if (!survey.Publish || survey.Comment is null)
        {
            if (found.HasValue)
            {
                await IgnoreMissing(table.DeleteEntityAsync(survey.Id[..1], survey.Id, found.Value!.ETag, cancellationToken));
            }

            return;
        }

        // A new comment is the customer's new words: any earlier removal was about the old ones.
        var entity = new TableEntity(survey.Id[..1], survey.Id)
        {
            ["Rating"] = rating.ToWire(),
            ["Comment"] = survey.Comment,
            ["FirstName"] = FirstName.Of(survey.CustomerName) ?? "",
            ["RatedAt"] = ratedAt,
            ["RemovedBecause"] = "",
        };
        try
        {
            await (found.HasValue
                ? table.UpdateEntityAsync(entity, found.Value!.ETag, TableUpdateMode.Replace, cancellationToken)
                : table.AddEntityAsync(entity, cancellationToken));
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // A later answer got there first; it stands.
        }
    }

    /// <param name="reason">One of <see cref="RemovalReasons"/>; null restores the comment.</param>
    /// <returns>False when the survey has no published comment.</returns>
    public async Task<bool> SetRemovedAsync(string surveyId, string? reason, CancellationToken cancellationToken)
    {
        try
        {
            await table.UpdateEntityAsync(new TableEntity(surveyId[..1], surveyId) { ["RemovedBecause"] = reason ?? "" }, ETag.All, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    /// <summary>The survey's published comment, or null when it has none.</summary>
    public async Task<ConsentedComment?> FindAsync(string surveyId, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(surveyId[..1], surveyId, cancellationToken: cancellationToken);
        return found.HasValue ? From(found.Value!) : null;
    }

    /// <summary>Takes the survey's comment off the public record for good: its customer's data was erased.</summary>
    public Task ErasePersonalDataAsync(Survey survey, CancellationToken cancellationToken) =>
        IgnoreMissing(table.DeleteEntityAsync(survey.Id[..1], survey.Id, ETag.All, cancellationToken));

    /// <summary>Every consented comment, newest first.</summary>
    public async Task<List<ConsentedComment>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var comments = new List<ConsentedComment>();
        await foreach (var row in table.QueryAsync<TableEntity>(maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            comments.Add(From(row));
        }

        return [.. comments.OrderByDescending(c => c.RatedAt).ThenBy(c => c.SurveyId, StringComparer.Ordinal)];
    }

    private static ConsentedComment From(TableEntity row) => new(
        row.RowKey,
        row.GetString("Rating") ?? "",
        row.GetString("Comment") ?? "",
        Author(row),
        row.GetDateTimeOffset("RatedAt") ?? DateTimeOffset.UnixEpoch,
        row.GetString("RemovedBecause") is { Length: > 0 } reason ? reason : null);

    /// <summary>
    /// The first name published with the comment, or null. Rows written before first names were taken
    /// strictly hold an "Author" made from the whole name ("Ann D.", "Davis, A.", an address): it is
    /// read again by today's rule, so none of them publishes more than a first name ("Ann", or none).
    /// </summary>
    private static string? Author(TableEntity row) =>
        row.GetString("FirstName") is { } firstName ? (firstName.Length > 0 ? firstName : null) : FirstName.Of(row.GetString("Author"));

    private static async Task IgnoreMissing(Task delete)
    {
        try
        {
            await delete;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Gone or changed meanwhile.
        }
    }
}
