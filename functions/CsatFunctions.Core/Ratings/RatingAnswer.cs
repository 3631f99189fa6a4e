

namespace CsatFunctions.Ratings;

/// <summary>The JSON answer to a recorded rating (<c>Accept: application/json</c>).</summary>
/// <param name="Reasons">The reasons kept with the answer: the configured ones ticked with an answer at the bottom of the scale.</param>
public sealed record RatingAnswer(string SurveyId, string Rating, string? Comment, IReadOnlyList<string> Reasons);
