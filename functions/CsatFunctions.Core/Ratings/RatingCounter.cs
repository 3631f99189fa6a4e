using Azure;
using Azure.Data.Tables;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Ratings;

/// <summary>
/// Brings a recorded answer into its day's counts, and makes sure that happens even when storage
/// fails half-way. The survey row is the answer; the day index and the changed-day mark are what the
/// aggregator counts. They are separate writes, so before the answer is stored a note is left in a
/// small table, and removed once the answer is counted. A note still there after <see cref="Grace"/>
/// means a recorder failed part-way: the aggregator's next refresh counts that survey from its row.
/// </summary>
public sealed class RatingCounter(
    CsatStorage storage,
    SurveyTable surveys,
    SurveyDayIndex dayIndex,
    ScoreChangeLog changes,
    AlertQueue alerts,
    CsatOptions options,
    TimeProvider time,
    ILogger<RatingCounter> logger)
{
    /// <summary>Long enough that a recorder still at work is left to finish.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    private readonly TableClient notes = storage.RatingsToCount;

    /// <summary>Notes that an answer is about to be stored for this survey; call before storing it.</summary>
    /// <returns>The note's version, for <see cref="DoneAsync"/>.</returns>
    public async Task<ETag> NoteAsync(string surveyId, CancellationToken cancellationToken)
    {
        var response = await notes.UpsertEntityAsync(new TableEntity(surveyId[..1], surveyId) { ["NotedAt"] = time.GetUtcNow() }, TableUpdateMode.Replace, cancellationToken);
        return response.Headers.ETag ?? ETag.All;
    }

    /// <summary>Files the survey's stored answer under its day and marks the day changed.</summary>
    public async Task CountAsync(Survey survey, CancellationToken cancellationToken)
    {
        if (survey.Rating is not { } rating || survey.RatedAt is not { } ratedAt)
        {
            return;
        }

        await dayIndex.SetRatingAsync(survey.ResolvedDay, survey.Id, rating, survey.Scale, survey.Score, ratedAt, cancellationToken);
        await changes.MarkAsync(survey.ResolvedDay, survey.Id, cancellationToken);
    }

    /// <summary>Removes the note, unless a later answer noted the survey again meanwhile.</summary>
    public async Task DoneAsync(string surveyId, ETag note, CancellationToken cancellationToken)
    {
        try
        {
            await notes.DeleteEntityAsync(surveyId[..1], surveyId, note, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Gone, or noted again by a later answer, whose recorder removes it.
        }
    }

    /// <summary>Counts every answer whose recorder stopped part-way; the aggregator calls this before it recounts.</summary>
    /// <returns>How many were repaired.</returns>
    public async Task<int> RepairAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - Grace;
        var repaired = 0;
        await foreach (var note in notes.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"NotedAt lt {before}"), cancellationToken: cancellationToken))
        {
            if ((await surveys.GetAsync(note.RowKey, cancellationToken))?.Survey is { } survey)
            {
                await CountAsync(survey, cancellationToken);
                await AlertAgainIfMissedAsync(survey, cancellationToken);
            }

            await DoneAsync(note.RowKey, note.ETag, cancellationToken);
            repaired++;
        }

        if (repaired > 0)
        {
            logger.LogWarning("Counted {Repaired} answer(s) whose recording had stopped part-way.", repaired);
        }

        return repaired;
    }

    /// <summary>The alerter tells each channel once per answer, so queueing an alert again is safe.</summary>
    private async Task AlertAgainIfMissedAsync(Survey survey, CancellationToken cancellationToken)
    {
        var alerting = options.AlertEmail is not null || options.AlertWebhookUrl is not null;
        if (alerting && survey is { Rating: { } rating, RatedAt: { } ratedAt } && survey.Scale.IsBottom(rating, survey.Score)
            && (options.AlertEmail is not null && survey.AlertEmailedFor != ratedAt || options.AlertWebhookUrl is not null && survey.AlertPostedFor != ratedAt))
        {
            await alerts.EnqueueAsync(new RatingAlertMessage(survey.Id, ratedAt), cancellationToken);
        }
    }
}
