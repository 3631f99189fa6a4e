using Azure;
using Azure.Data.Tables;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;

namespace CsatFunctions.Ratings.FollowUps;

/// <summary>
/// A survey resolved again on another day takes its follow-up (the team's work, which may name the
/// customer) to the new day's partition of <see cref="FollowUpTable"/>: called on every filing of the
/// moved survey (<see cref="IMovesWithSurvey"/>) and before the table reads or changes one survey's
/// follow-up, so it is moved before the survey can move again and leave it behind.
/// </summary>
public sealed class MovedFollowUp(CsatStorage storage) : IMovesWithSurvey
{
    private readonly TableClient table = storage.Table("FollowUps");

    /// <summary>Copies the follow-up under <paramref name="from"/> to the survey's day, then deletes the old row: a move cut off is finished by the next; a copy there stands (all that changes a follow-up moves it first).</summary>
    public async Task MoveAsync(Survey survey, DateOnly from, CancellationToken cancellationToken)
    {
        var old = FollowUpTable.PartitionOf(from, survey.Id);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(old, survey.Id, cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return;
        }

        try
        {
            await table.AddEntityAsync(FollowUpTable.To(FollowUpTable.PartitionOf(survey), FollowUpTable.From(found.Value!)), cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Copied by an earlier move that was cut off before its delete.
        }

        try
        {
            await table.DeleteEntityAsync(old, survey.Id, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Deleted by a move at the same time.
        }
    }
}
