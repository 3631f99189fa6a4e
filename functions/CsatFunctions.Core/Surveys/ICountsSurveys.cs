namespace CsatFunctions.Surveys;

/// <summary>
/// What the score counts: a survey filed, or filed again after a change (skipped, reminded, a
/// delivery event), under its resolution day, with the day marked for the next recount. Scores'
/// <c>CountedSurveys</c> is the one; the survey steps know only this, so they sit beneath Scores.
/// </summary>
public interface ICountsSurveys
{
    Task FileAsync(Survey survey, CancellationToken cancellationToken);
}
