namespace CsatFunctions.Scores;

/// <summary>
/// Answers stored whose counting stopped part-way (Ratings' <c>RatingCounter</c> keeps a note of
/// each until it is counted): counted before every recount, so they are among the changed days.
/// </summary>
public interface IUncountedAnswers
{
    /// <returns>How many were counted.</returns>
    Task<int> CountAsync(CancellationToken cancellationToken);
}
