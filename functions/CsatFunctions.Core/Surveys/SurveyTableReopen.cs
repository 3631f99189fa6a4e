namespace CsatFunctions.Surveys;

/// <summary>The survey row's writes for a reopen of its ticket, each conditional on the row as read.</summary>
public sealed partial class SurveyTable
{
    /// <summary>
    /// Cancels a survey whose email has not left because its ticket was reopened: Skipped, reason
    /// <c>reopened</c>, until the ticket's next resolution takes it in again.
    /// </summary>
    /// <returns>The survey as cancelled; null when the row changed since it was read (the mailer's claim, a next resolution).</returns>
    public async Task<Survey?> TryCancelReopenedAsync(StoredSurvey stored, DateTimeOffset reopenedAt, CancellationToken cancellationToken) =>
        await TryMergeAsync(stored, new Dictionary<string, object> { ["Email"] = nameof(EmailState.Skipped), ["SkipReason"] = SkipReasons.Reopened, ["ReopenedAt"] = reopenedAt }, cancellationToken)
            ? stored.Survey with { Email = EmailState.Skipped, SkipReason = SkipReasons.Reopened, ReopenedAt = reopenedAt }
            : null;

    /// <summary>Notes a reopen that does not cancel (the email has left, or is leaving) once; the first reopen's time is kept.</summary>
    /// <returns>False when the row changed since it was read.</returns>
    public async Task<bool> TryNoteReopenedAsync(StoredSurvey stored, DateTimeOffset reopenedAt, CancellationToken cancellationToken) =>
        stored.Survey.ReopenedAt is not null || await TryMergeAsync(stored, new Dictionary<string, object> { ["ReopenedAt"] = reopenedAt }, cancellationToken);

    /// <summary>Remembers a later resolution that came as a duplicate (<see cref="Survey.LatestResolvedAt"/>), so a reopen older than it, arriving late, is stale.</summary>
    /// <returns>False when the row changed since it was read.</returns>
    public Task<bool> TryNoteLaterResolutionAsync(StoredSurvey stored, DateTimeOffset resolvedAt, CancellationToken cancellationToken) =>
        TryMergeAsync(stored, new Dictionary<string, object> { ["LatestResolvedAt"] = resolvedAt }, cancellationToken);
}
