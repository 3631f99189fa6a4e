using Azure;
using Azure.Data.Tables;
using CsatFunctions.Storage;

namespace CsatFunctions.Consent;

/// <summary>
/// Ends a cooldown started for a survey that its ticket's reopen then cancelled, before anything was
/// sent: the customer's other tickets are asked as if it had never been. Writes the registry's rows
/// (<see cref="CustomerRegistry"/>), which says how they are erased.
/// </summary>
public sealed class CustomerCooldownRelease(CsatStorage storage)
{
    private const int Attempts = 3;

    private readonly TableClient table = storage.Table("Customers");

    /// <summary>
    /// Clears the cooldown only when survey <paramref name="surveyId"/> started it, at its intake
    /// (<paramref name="receivedAt"/>, the survey's <c>ReceivedAt</c>): a cooldown another survey started since, or the one this
    /// survey's next resolution started after an earlier release, stays. Safe to repeat. Conditional on
    /// the record as read; a record changed meanwhile is read again.
    /// </summary>
    public async Task ReleaseAsync(string? email, string surveyId, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        if (email is null)
        {
            return;
        }

        var (partition, row) = CustomerRegistry.Keys(email);
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
            if (!found.HasValue || found.Value!.GetString("LastSurveyId") != surveyId || found.Value.GetDateTimeOffset("LastSurveyedAt") != receivedAt)
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

        // Giving up quietly would hold the customer's next tickets back as "cooldown" for a survey never
        // sent: the reopen's route answers 503 and the helpdesk retries, the mailer's message is retried.
        throw new ConcurrentChangeException($"The cooldown record of survey {surveyId}'s customer kept changing while it was released.");
    }
}
