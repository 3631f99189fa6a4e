using System.Text.Json;

namespace CsatFunctions.Surveys;

/// <summary>The queue message that asks the mailer to send one survey's email.</summary>
public sealed record SurveyMessage(string SurveyId)
{
    /// <summary>Reads a message's text as both hosts receive it (already base64-decoded).</summary>
    /// <exception cref="JsonException">Not a survey message; the queue retries it and then poisons it.</exception>
    public static SurveyMessage Parse(string text) =>
        JsonSerializer.Deserialize(text, CsatJson.Default.SurveyMessage) is { SurveyId.Length: > 0 } message
            ? message
            : throw new JsonException("The message has no surveyId.");
}
