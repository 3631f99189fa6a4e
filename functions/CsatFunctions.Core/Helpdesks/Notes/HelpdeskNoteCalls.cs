using System.Net;
using CsatFunctions.Surveys;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Helpdesks.Notes;

/// <summary>
/// One attempt at a note against the helpdesk's API, at the helpdesk's pace: read the ticket back
/// first when an earlier attempt may have written it, then write; what the helpdesk answered is sorted
/// into written, refused for good, or tried again (a 429 pausing every writer to that helpdesk).
/// Every call ends before the claim does, so no attempt is still under way when another takes over.
/// </summary>
public sealed class HelpdeskNoteCalls(CsatOptions options, HelpdeskClients clients, HelpdeskPace pace, TimeProvider time, ILogger<HelpdeskNoteCalls> logger)
{
    /// <summary>Kept between a call's end and its claim's, for recording the outcome.</summary>
    private static readonly TimeSpan RecordMargin = TimeSpan.FromSeconds(1);

    public TimeSpan? PausedFor(HelpdeskConfig config) => pace.PausedFor(config.Helpdesk);

    public Task WaitTurnAsync(HelpdeskConfig config, CancellationToken cancellationToken) =>
        pace.WaitTurnAsync(config.Helpdesk, WriteBackSettings.PaceOf(config, Writer(config)), cancellationToken);

    /// <param name="readFirst">An earlier attempt may have written the note: look for its marker before writing.</param>
    public async Task<NoteOutcome> WriteAsync(HelpdeskConfig config, HelpdeskNote note, bool readFirst, DateTimeOffset claimEnds, CancellationToken cancellationToken)
    {
        var writer = Writer(config);
        var call = clients.For(config);
        using var withinClaim = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        withinClaim.CancelAfter(claimEnds - time.GetUtcNow() - RecordMargin is { Ticks: > 0 } left ? left : TimeSpan.Zero);
        var sent = false;
        try
        {
            if (readFirst && await writer.ExistsAsync(note, call, withinClaim.Token))
            {
                return NoteOutcome.FoundThere;
            }

            sent = true;
            await writer.WriteAsync(note, call, withinClaim.Token);
            return NoteOutcome.WrittenNow;
        }
        catch (HelpdeskApiException ex) when (NoteRefusals.MayPass(ex.Status))
        {
            DateTimeOffset? pauseUntil = null;
            if (ex.Status == HttpStatusCode.TooManyRequests)
            {
                // No Retry-After (or reset) header: the back-off's first step stands in for it.
                var asked = SendRetryPolicy.NextDelay(1, options.SendRetryDelay, ex.Headers, time.GetUtcNow()) ?? options.SendRetryDelay;
                pauseUntil = time.GetUtcNow() + asked;
                pace.Pause(config.Helpdesk, pauseUntil.Value);
            }

            // A throttled note was not taken; a failing helpdesk may have taken it before failing.
            return NoteOutcome.TryAgain(ex, sent && ex.Status != HttpStatusCode.TooManyRequests, pauseUntil);
        }
        catch (HelpdeskApiException ex)
        {
            return NoteOutcome.Refused(ex.Status);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Unreachable, too slow, or an answer we could not read (a proxy's HTML page, a field of
            // another JSON kind): tried again with back-off and then poisoned, never left looping on a claim.
            return NoteOutcome.TryAgain(ex, sent);
        }
    }

    /// <summary>
    /// Sets the team's status or tag on a bottom answer's ticket, where configured. The note is
    /// written and recorded already: a failure here is logged and leaves the note as it is.
    /// </summary>
    public async Task MarkBottomAsync(HelpdeskConfig config, HelpdeskNote note, CancellationToken cancellationToken)
    {
        var writer = Writer(config);
        if (!note.AtBottom || !writer.BottomSettings.Any(setting => config[setting] is not null))
        {
            return;
        }

        try
        {
            await pace.WaitTurnAsync(config.Helpdesk, WriteBackSettings.PaceOf(config, writer), cancellationToken);
            await writer.MarkBottomAsync(note, clients.For(config), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The note on {Helpdesk} ticket {TicketId} is written, but setting its bottom-answer status or tag failed: {Reason}", config.Helpdesk, note.TicketId, ex.Message);
        }
    }

    private static HelpdeskNoteWriter Writer(HelpdeskConfig config) =>
        HelpdeskFormats.Find(config.Helpdesk)?.Notes ?? throw new InvalidOperationException($"{config.Helpdesk} cannot write notes.");
}
