using Azure;
using Azure.Data.Tables;

namespace CsatFunctions.Surveys;

/// <summary>The survey row's one write that takes columns away: a merge can only set them.</summary>
public sealed partial class SurveyTable
{
    /// <summary>
    /// Sets some columns and removes others (a null value), conditional on the row as read: the row is
    /// read again and replaced whole, so only if it is still the row <paramref name="stored"/> names.
    /// </summary>
    /// <returns>The survey as rewritten; null when the row changed (or went) since it was read.</returns>
    public async Task<Survey?> TryRewriteAsync(StoredSurvey stored, IReadOnlyDictionary<string, object?> values, CancellationToken cancellationToken)
    {
        var current = await table.GetEntityIfExistsAsync<TableEntity>(stored.Survey.Id, RowKey, cancellationToken: cancellationToken);
        if (!current.HasValue || current.Value!.ETag != stored.ETag)
        {
            return null;
        }

        var entity = current.Value;
        foreach (var (column, value) in values)
        {
            if (value is null)
            {
                entity.Remove(column);
            }
            else
            {
                entity[column] = value;
            }
        }

        try
        {
            await table.UpdateEntityAsync(entity, stored.ETag, TableUpdateMode.Replace, cancellationToken);
            return SurveyRow.FromEntity(entity);
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return null;
        }
    }
}
