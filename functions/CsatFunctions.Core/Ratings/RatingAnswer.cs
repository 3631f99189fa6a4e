

namespace CsatFunctions.Ratings;

/// <summary>The JSON answer to a recorded rating (<c>Accept: application/json</c>).</summary>
public sealed record RatingAnswer(string SurveyId, string Rating, string? Comment);
