using Azure;
using Azure.Data.Tables;
using CsatFunctions.Alerts;
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
[PersonalData(PersonalDataErasure.NothingToErase, "Ids of surveys whose answer is being counted.")]
public sealed class RatingCounter(
    CsatStorage storage,
    SurveyTable surveys,
    IEnumerable<IAnswerHook> hooks,
    RatingAlerts alerts,
    SurveyCopies copies,
    TimeProvider time,
    ILogger<RatingCounter> logger) : IProvisioned, Scores.IUncountedAnswers
{
    /// <summary>Long enough that a recorder still at work is left to finish.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    private readonly TableClient notes = storage.Table("RatingsToCount");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await notes.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>Notes that an answer is about to be stored for this survey; call before storing it.</summary>
    /// <returns>The note's version, for <see cref="DoneAsync"/>.</returns>
    public async Task<ETag> NoteAsync(string surveyId, CancellationToken cancellationToken)
    {
        var response = await notes.UpsertEntityAsync(new TableEntity(surveyId[..1], surveyId) { ["NotedAt"] = time.GetUtcNow() }, TableUpdateMode.Replace, cancellationToken);
        return response.Headers.ETag ?? ETag.All;
    }

    /// <summary>
    /// Brings the survey's stored answer to every <see cref="IAnswerHook"/>: its day's counts (or its
    /// campaign's report), the team's follow-ups, the published comments. An erasure that ran meanwhile marked the row before it
    /// erased the copies; so the row is read again after the copies are written, and if it was erased
    /// they are erased again: whichever comes last, no copy keeps what the erasure took.
    /// </summary>
    public async Task CountAsync(Survey survey, CancellationToken cancellationToken)
    {
        foreach (var hook in hooks)
        {
            await hook.OnAnswerAsync(survey, cancellationToken);
        }

        if (survey.ErasedAt is null && (await surveys.GetAsync(survey.Id, cancellationToken))?.Survey is { ErasedAt: not null } erased)
        {
            await copies.EraseAsync(erased, cancellationToken);
        }
    }

    /// <summary>
    /// The answer is stored; alert and count it. Storage failing here is not the customer's concern:
    /// the note stays, and the aggregator's next refresh counts the answer and alerts as needed.
    /// </summary>
    public async Task CountNewAnswerAsync(Survey before, Survey after, ETag note)
    {
        try
        {
            await alerts.RaiseAsync(before, after, CancellationToken.None);
            await CountAsync(after, CancellationToken.None);
            await DoneAsync(after.Id, note, CancellationToken.None);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException || StorageFailure.IsOutage(ex, CancellationToken.None))
        {
            logger.LogWarning(ex, "Survey {SurveyId}'s answer is stored but not yet counted; the next refresh counts it.", after.Id);
        }
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

    Task<int> Scores.IUncountedAnswers.CountAsync(CancellationToken cancellationToken) => RepairAsync(cancellationToken);

    /// <summary>Counts every answer whose recorder stopped part-way; the aggregator calls this before it recounts.</summary>
    /// <returns>How many were repaired.</returns>
    public async Task<int> RepairAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - Grace;
        var repaired = 0;
        await foreach (var note in notes.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"NotedAt lt {before}"), cancellationToken: cancellationToken))
        {
            if ((await surveys.GetAsync(note.RowKey, cancellationToken))?.Survey is { RatedAt: not null } survey)
            {
                await CountAsync(survey, cancellationToken);
                await alerts.RaiseIfMissedAsync(survey, cancellationToken);
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
}
