using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CsatFunctions.Storage;

namespace CsatFunctions.Surveys;

/// <summary>The queue message that asks the mailer to send one survey's email.</summary>
/// <param name="Attempt">How many sends SendGrid has already turned away for a reason that may pass (429, 5xx, unreachable).</param>
public sealed record SurveyMessage(
    string SurveyId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Attempt = 0) : IQueueMessage<SurveyMessage>
{
    public static JsonTypeInfo<SurveyMessage> JsonType => CsatJson.Default.SurveyMessage;

    [JsonIgnore]
    public bool IsComplete => !string.IsNullOrEmpty(SurveyId);

    /// <summary>Replayed once the cause is fixed, it gets SendGrid's full count of attempts again.</summary>
    public static SurveyMessage ForReplay(SurveyMessage message) => message with { Attempt = 0 };

    /// <summary>
    /// How long to hide the message of a survey whose email waits (<see cref="Survey.SendAfter"/>): no
    /// longer than a queue allows, and a message woken early hides again; null when it may leave now.
    /// </summary>
    public static TimeSpan? Hidden(Survey survey, DateTimeOffset now, CsatOptions options) =>
        survey.SendAfter is { } after && after > now ? ReminderMessage.Delay(after - now, options) : null;
}
