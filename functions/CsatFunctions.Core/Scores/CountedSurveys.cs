using CsatFunctions.Surveys;

namespace CsatFunctions.Scores;

/// <summary>
/// What the other steps tell the score: a survey (or a change to it) is filed under its UTC
/// resolution day, and the day is marked changed, so the next refresh recounts that day; the public
/// ledger is told of it too. The writes are made at once, in one round trip (a survey that notes a
/// reopen or a move costs one read more, after them). Every caller repeats the call when it fails (intake's
/// 503 and the helpdesk's retry, a queue message's retry, the rating recorder's note), so a filing
/// whose mark failed is marked again, and a mark whose filing failed costs one needless recount.
/// </summary>
public sealed class CountedSurveys(SurveyDayIndex dayIndex, ScoreChangeLog changes, Ledger.LedgerEvents ledger, SurveyTable surveys, IEnumerable<INotSurveyedHook> notSurveyedHooks, IEnumerable<IMovesWithSurvey> moving) : IAnswerHook, ICountsSurveys
{
    public async Task FileAsync(Surveys.Survey survey, CancellationToken cancellationToken)
    {
        // A relationship campaign's answers are not ticket ratings: its own report counts them.
        if (survey.Campaign is not null)
        {
            return;
        }

        // The public ledger learns of the counted ticket and its answer with the same call.
        await Task.WhenAll(
            dayIndex.FileAsync(survey, cancellationToken),
            changes.MarkAsync(survey.ResolvedDay, survey.Id, cancellationToken),
            ledger.RecordAsync(survey, cancellationToken),
            NotSurveyedAsync(survey, cancellationToken),
            UnfileMovedAsync(survey.RefiledFrom, survey, cancellationToken));

        // In turn: what a stale copy moved to the day it names is taken off that day again.
        await MoveKeptAsync(survey, cancellationToken);
        await UnfileStaleAsync(survey, cancellationToken);
    }

    /// <summary>
    /// A ticket resolved again (after a reopen) on another day is counted there alone: every filing of
    /// the moved survey takes it off the day it left, and only then marks that day for the recount, so
    /// a recount in between cannot keep it there.
    /// </summary>
    private async Task UnfileMovedAsync(DateOnly? left, Surveys.Survey survey, CancellationToken cancellationToken)
    {
        if (left is { } day && day != survey.ResolvedDay)
        {
            await dayIndex.RemoveAsync(day, survey.Id, cancellationToken);
            await changes.MarkAsync(day, survey.Id, cancellationToken);
        }
    }

    /// <summary>
    /// What else is kept under the day the moved survey left (its follow-up, its tags) goes with it on
    /// every filing, from whichever step files it, so a move cut off is finished by the next filing and
    /// done before the survey can move again. After the filing, so what is moved finds the survey's row
    /// on its new day to join.
    /// </summary>
    private async Task MoveKeptAsync(Surveys.Survey survey, CancellationToken cancellationToken)
    {
        if (survey.RefiledFrom is { } from && from != survey.ResolvedDay)
        {
            await Task.WhenAll(moving.Select(kept => kept.MoveAsync(survey, from, cancellationToken)));
        }
    }

    /// <summary>
    /// A copy of the survey read before its ticket's next resolution moved it (a delivery event, a
    /// reminder, a tag, the cancel's own filing) files it again under the day it left. Only a survey
    /// that notes a reopen or a move can have moved: for those, the row's resolution is read back,
    /// and a day that is no longer the survey's is taken off again (one point read).
    /// </summary>
    private async Task UnfileStaleAsync(Surveys.Survey survey, CancellationToken cancellationToken)
    {
        if (survey.ReopenedAt is null && survey.RefiledFrom is null)
        {
            return;
        }

        if (await surveys.GetAsync(survey.Id, cancellationToken) is { } current && current.Survey.ResolvedDay != survey.ResolvedDay)
        {
            await UnfileMovedAsync(survey.ResolvedDay, current.Survey, cancellationToken);
        }
    }

    /// <summary>A ticket filed as counted but not asked, or not delivered and unanswered, is told to whatever follows that (the outgoing webhooks).</summary>
    private async Task NotSurveyedAsync(Surveys.Survey survey, CancellationToken cancellationToken)
    {
        var reason = survey.Delivery == DeliveryState.Undeliverable ? INotSurveyedHook.Undeliverable : survey.Email == EmailState.Skipped ? survey.SkipReason : null;
        if (reason is null || survey.RatedAt is not null)
        {
            return;
        }

        foreach (var hook in notSurveyedHooks)
        {
            await hook.OnNotSurveyedAsync(survey, reason, cancellationToken);
        }
    }

    /// <summary>An answer is filed as the survey was: under its day, with the day marked.</summary>
    public Task OnAnswerAsync(Surveys.Survey survey, CancellationToken cancellationToken) => FileAsync(survey, cancellationToken);

    /// <summary>The surveys resolved on one day whose filing still holds a customer's address, name or comment.</summary>
    public Task<List<(string SurveyId, string? Email)>> HoldingPersonalDataAsync(DateOnly day, CancellationToken cancellationToken) =>
        dayIndex.HoldingPersonalDataAsync(day, cancellationToken);

    /// <summary>The earliest day any survey is filed under before <paramref name="before"/>, or null.</summary>
    public Task<DateOnly?> EarliestDayAsync(DateOnly before, CancellationToken cancellationToken) =>
        dayIndex.EarliestDayAsync(before, cancellationToken);

    /// <summary>The answered surveys resolved on one day, in no particular order.</summary>
    public Task<List<FiledAnswer>> AnswersAsync(DateOnly day, CancellationToken cancellationToken) => dayIndex.AnswersAsync(day, cancellationToken);

    /// <summary>The surveys resolved on the days from <paramref name="from"/> to <paramref name="to"/> that were counted but not asked, or could not be delivered.</summary>
    public IAsyncEnumerable<string> NotSurveyedAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        dayIndex.NotSurveyedAsync(from, to, cancellationToken);
}
