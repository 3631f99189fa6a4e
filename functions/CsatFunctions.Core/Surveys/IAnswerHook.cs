
namespace CsatFunctions.Surveys;

/// <summary>
/// Something that follows every recorded answer (and every change of mind): counting it under its
/// day, the team's follow-up, the published comment, a campaign's report. <see cref="RatingCounter"/>
/// calls each one registered as this, in the order registered, and again when it repairs an answer
/// whose recording stopped part-way; so each must be idempotent and take the survey as it now stands.
/// </summary>
public interface IAnswerHook
{
    Task OnAnswerAsync(Survey survey, CancellationToken cancellationToken);
}
