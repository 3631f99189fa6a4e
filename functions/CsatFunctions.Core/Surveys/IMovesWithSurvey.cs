namespace CsatFunctions.Surveys;

/// <summary>
/// Something kept under a survey's resolution day besides the score's own filing (the follow-up the
/// team works on, the answer's tags on the day's filing), moved with it when its ticket is resolved
/// again on another day (<see cref="Survey.RefiledFrom"/>). The score's filing (<see cref="ICountsSurveys"/>)
/// calls each one every time it files such a survey, from any step (intake and its retries, the mailer,
/// delivery events, an answer, a tag), after the new day's filing is written; so each must be
/// idempotent and safe to repeat after being cut off part-way.
/// </summary>
public interface IMovesWithSurvey
{
    /// <param name="from">The day the survey was filed under before; <paramref name="survey"/>'s <see cref="Survey.ResolvedDay"/> is where it goes.</param>
    Task MoveAsync(Survey survey, DateOnly from, CancellationToken cancellationToken);
}
