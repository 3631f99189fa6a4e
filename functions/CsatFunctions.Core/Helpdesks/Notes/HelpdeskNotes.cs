using System.Net;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Helpdesks.Notes;

/// <summary>
/// The queue step <c>helpdesk-notes</c>: writes one answer version to its ticket exactly once. It claims
/// the version's row (conditional on its ETag, for <see cref="CsatOptions.NoteWindow"/>) before calling
/// the helpdesk, records Written or Refused after the helpdesk's answer, and, when a claim lapsed
/// without an outcome (a crash, a timeout, a 5xx), first reads the ticket's notes back for the
/// version's marker. Throttling, failures and an unreachable API are tried again with the survey
/// email's back-off, never sooner than <c>Retry-After</c>; then the poison queue. A note refused for
/// good is listed (<see cref="HelpdeskNoteTable.ReadRefusedAsync"/>) and replayable.
/// </summary>
public sealed class HelpdeskNotes(
    CsatOptions options,
    SurveyTable surveys,
    HelpdeskNoteTable notes,
    HelpdeskNoteText text,
    HelpdeskNoteCalls calls,
    JsonQueue<HelpdeskNoteMessage> queue,
    TimeProvider time,
    ILogger<HelpdeskNotes> logger) : IQueueHandler<HelpdeskNoteMessage>
{
    public async Task HandleAsync(HelpdeskNoteMessage message, CancellationToken cancellationToken)
    {
        var survey = (await surveys.GetAsync(message.SurveyId, cancellationToken))?.Survey;
        if (survey is null || survey.ErasedAt is not null || survey.RatedAt != message.RatedAt)
        {
            // Erased: nothing of it goes anywhere. Superseded: only the latest answer is stored, and
            // its own note (a change of mind) tells the ticket where the customer stands.
            logger.LogInformation("No note for answer {Version}: the survey is {Why}.", message.AnswerVersion, survey is null ? "gone" : survey.ErasedAt is not null ? "erased" : "answered again since");
            return;
        }

        if (!options.Helpdesks.TryGetValue(survey.Source, out var config) || !WriteBackSettings.WritesNotes(config))
        {
            logger.LogInformation("No note for answer {Version}: write-back to {Helpdesk} is off.", message.AnswerVersion, survey.Source);
            return;
        }

        var read = await notes.ReadAsync(message, cancellationToken);
        var now = time.GetUtcNow();
        if (read is { State: NoteState.Written or NoteState.Refused })
        {
            return;
        }

        if (read is { State: NoteState.Writing, ClaimExpiresAt: { } expires } && expires > now)
        {
            // Another writer is at it; look again once its claim would have lapsed.
            await queue.EnqueueAsync(message, expires - now + TimeSpan.FromSeconds(1), cancellationToken);
            return;
        }

        if (calls.PausedFor(config) is { } pause)
        {
            // The helpdesk asked every caller to wait: this message waits too, without counting an attempt.
            await queue.EnqueueAsync(message, pause, cancellationToken);
            return;
        }

        await calls.WaitTurnAsync(config, cancellationToken);
        var claimEnds = time.GetUtcNow() + options.NoteWindow;
        var unsure = read is { State: NoteState.Writing } || read?.Unsure == true;
        if (await notes.TryClaimAsync(message, config.Helpdesk, read, Guid.NewGuid().ToString("N"), claimEnds, unsure, cancellationToken) is not { } claimed)
        {
            await queue.EnqueueAsync(message, TimeSpan.FromSeconds(1), cancellationToken);
            return;
        }

        var note = text.Of(survey);
        var outcome = await calls.WriteAsync(config, note, unsure, claimEnds, cancellationToken);
        switch (outcome)
        {
            case { Written: true }:
                await notes.RecordWrittenAsync(message, time.GetUtcNow(), CancellationToken.None);
                logger.LogInformation("Wrote answer {Version} to {Helpdesk} ticket {TicketId}{Found}.", message.AnswerVersion, config.Helpdesk, survey.TicketId, outcome.Found ? " (found already there)" : "");
                await calls.MarkBottomAsync(config, note, cancellationToken);
                break;
            case { RefusedStatus: { } status }:
                var reason = NoteRefusals.Reason(config.Helpdesk, status);
                await notes.RecordRefusedAsync(message, config.Helpdesk, (int)status, reason, time.GetUtcNow(), CancellationToken.None);
                logger.LogError("{Helpdesk} refused the note of answer {Version} for good: {Reason}", config.Helpdesk, message.AnswerVersion, reason);
                break;
            default:
                await notes.ReleaseAsync(message, claimed, unsure || outcome.MayHaveWritten, CancellationToken.None);
                await RetryLaterAsync(message, config.Helpdesk, outcome, cancellationToken);
                break;
        }
    }

    private async Task RetryLaterAsync(HelpdeskNoteMessage message, string helpdesk, NoteOutcome outcome, CancellationToken cancellationToken)
    {
        var attempt = message.Attempt + 1;
        if (SendRetryPolicy.NextDelay(attempt, options.SendRetryDelay, (outcome.Failure as HelpdeskApiException)?.Headers, time.GetUtcNow()) is not { } delay)
        {
            throw new InvalidOperationException($"{helpdesk} failed {attempt} attempts to write the note of answer {message.AnswerVersion}; giving up on back-off.", outcome.Failure);
        }

        // Never sooner than the pause a 429 set for the whole helpdesk.
        var wait = outcome.PauseUntil is { } until && until - time.GetUtcNow() > delay ? until - time.GetUtcNow() : delay;
        await queue.EnqueueAsync(message with { Attempt = attempt }, wait, cancellationToken);
        logger.LogWarning("{Helpdesk} did not take the note of answer {Version} (attempt {Attempt}); retrying in {Delay}: {Reason}", helpdesk, message.AnswerVersion, attempt, wait, outcome.Failure?.Message);
    }
}
