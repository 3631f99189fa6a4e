using System.Text;
using Azure;
using Azure.Data.Tables;
using CsatFunctions.Storage;

namespace CsatFunctions.Tags;

/// <summary>
/// Every tag the team has put on an answer, once whatever its case, in the spelling first used: the
/// desk's suggestions, read with one query of a table as small as the team's vocabulary (reading the
/// all-time counts by tag would cost a row per day). A tag given again in another case takes that
/// first spelling, so the report counts "billing" and "Billing" as one tag. A tag removed from every
/// answer stays suggested.
/// </summary>
[PersonalData(PersonalDataErasure.NothingToErase, "The team's own tags, shared by answers; nothing about one customer.")]
public sealed class TagsUsed(CsatStorage storage) : IProvisioned
{
    /// <summary>More than a team keeps in mind; the suggestion list stays a size a browser shows at once.</summary>
    public const int MaxSuggestions = 500;

    private const string Partition = "tag";
    private readonly TableClient table = storage.Table("TagsUsed");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>Each tag in the spelling first used for it, or as given when it is new: one point read a tag.</summary>
    public async Task<List<string>> SpellAsync(IEnumerable<string> tags, CancellationToken cancellationToken) =>
        (await Task.WhenAll(tags.Select(async tag =>
            (await table.GetEntityIfExistsAsync<TableEntity>(Partition, KeyOf(tag), select: ["Tag"], cancellationToken: cancellationToken)) is { HasValue: true } found
            && found.Value!.GetString("Tag") is { Length: > 0 } spelling ? spelling : tag))).ToList();

    /// <summary>
    /// Keeps the tags for suggestion; a tag kept already keeps its first spelling. A conditional add, so
    /// of two people giving a new tag in two cases at once one spelling wins, and both are told it.
    /// </summary>
    /// <returns>Each tag in the spelling kept for it, in the order given.</returns>
    public async Task<string[]> NoteAsync(IEnumerable<string> tags, CancellationToken cancellationToken) =>
        await Task.WhenAll(tags.Select(async tag =>
        {
            try
            {
                await table.AddEntityAsync(new TableEntity(Partition, KeyOf(tag)) { ["Tag"] = tag }, cancellationToken);
                return tag;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Used before, or given meanwhile in another case: its first spelling stays.
                return (await SpellAsync([tag], cancellationToken))[0];
            }
        }));

    /// <summary>The tags used before, in alphabetical order whatever their case.</summary>
    public async Task<List<string>> ListAsync(CancellationToken cancellationToken)
    {
        var tags = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(row => row.PartitionKey == Partition, maxPerPage: 1000, select: ["Tag"], cancellationToken: cancellationToken))
        {
            if (row.GetString("Tag") is { Length: > 0 } tag && tags.Count < MaxSuggestions)
            {
                tags.Add(tag);
            }
        }

        return tags.Order(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>A row key from any tag: its upper case as URL-safe base64, since a key may not hold '/', '\', '#', '?' or control characters.</summary>
    private static string KeyOf(string tag) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(tag.ToUpperInvariant())).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
