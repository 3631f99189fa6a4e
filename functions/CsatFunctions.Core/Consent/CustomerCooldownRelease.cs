using Azure;
using Azure.Data.Tables;

namespace CsatFunctions.Consent;

/// <summary>A cooldown started for a survey that was then cancelled by its ticket's reopen, before anything was sent.</summary>
public sealed partial class CustomerRegistry
{
    /// <summary>
    /// Ends the customer's cooldown if <paramref name="surveyId"/> started it: nothing was sent, so
    /// their other tickets are asked as if it had never been. A cooldown another survey started since
    /// stays. Conditional on the record as read; a record changed meanwhile is read again.
    /// </summary>
    public async Task ReleaseCooldownAsync(string email, string surveyId, CancellationToken cancellationToken)
    {
        var (partition, row) = Keys(email);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
            if (!found.HasValue || found.Value!.GetString("LastSurveyId") != surveyId)
            {
                return;
            }

            var entity = found.Value;
            entity.Remove("LastSurveyedAt");
            entity.Remove("LastSurveyId");
            try
            {
                await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Changed meanwhile (another ticket's cooldown, an unsubscribe): look again.
            }
        }
    }
}
