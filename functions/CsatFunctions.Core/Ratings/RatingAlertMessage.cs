using System.Text.Json;

namespace CsatFunctions.Ratings;

/// <summary>The queue message that asks the alerter to tell someone about one bad rating.</summary>
public sealed record RatingAlertMessage(string SurveyId, DateTimeOffset RatedAt)
{
    /// <exception cref="JsonException">Not an alert message; the queue retries it and then poisons it.</exception>
    public static RatingAlertMessage Parse(string text) =>
        JsonSerializer.Deserialize(text, CsatJson.Default.RatingAlertMessage) is { SurveyId.Length: > 0 } message
            ? message
            : throw new JsonException("The message has no surveyId.");
}
