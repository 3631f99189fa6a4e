using System.Text.Json;
using System.Text.Json.Serialization;

namespace CsatFunctions.Surveys;

/// <summary>The queue message that asks the mailer to send one survey's email.</summary>
/// <param name="Attempt">How many sends SendGrid has already turned away for a reason that may pass (429, 5xx, unreachable).</param>
public sealed record SurveyMessage(
    string SurveyId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Attempt = 0)
{
    /// <summary>Reads a message's text as both hosts receive it (already base64-decoded).</summary>
    /// <exception cref="JsonException">Not a survey message; the queue retries it and then poisons it.</exception>
    public static SurveyMessage Parse(string text) =>
        JsonSerializer.Deserialize(text, CsatJson.Default.SurveyMessage) is { SurveyId.Length: > 0 } message
            ? message
            : throw new JsonException("The message has no surveyId.");
}
