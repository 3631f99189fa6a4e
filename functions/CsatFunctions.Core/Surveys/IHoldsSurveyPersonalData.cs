namespace CsatFunctions.Surveys;

/// <summary>
/// A store that keeps a copy of part of a survey's personal data beside the survey row (a day's
/// filing, a published comment, the team's note, a campaign's answer, a failure's text). Erasure
/// erases every one registered as this, so a new store is covered by registering it.
/// </summary>
public interface IHoldsSurveyPersonalData
{
    /// <summary>Erases what this store keeps of the survey's customer; idempotent, and what the survey is counted by stays.</summary>
    Task ErasePersonalDataAsync(Survey survey, CancellationToken cancellationToken);
}
