using CsatFunctions.Scores;
using CsatFunctions.Surveys;

namespace CsatFunctions.Tags;

/// <summary>
/// A tagged survey resolved again on another day gets its tags filed on the new day's row too: the
/// score's filing never writes the tags' column (<see cref="SurveyDayIndex.FileTagsAsync"/>), so the
/// new day's report would otherwise miss them until someone tagged the answer again. A merge of the
/// one column, safe to repeat, then the day marked again, so a recount made between the filing and
/// this counts the tags too; the old day's row goes with the rest of the filing.
/// </summary>
public sealed class MovedTags(SurveyDayIndex dayIndex, ScoreChangeLog changes) : IMovesWithSurvey
{
    public async Task MoveAsync(Survey survey, DateOnly from, CancellationToken cancellationToken)
    {
        if (survey.Tags.Count > 0)
        {
            await dayIndex.FileTagsAsync(survey, cancellationToken);
            await changes.MarkAsync(survey.ResolvedDay, survey.Id, cancellationToken);
        }
    }
}
