using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CsatFunctions.Storage;

namespace CsatFunctions.Surveys;

/// <summary>The queue message, hidden until it is due, that asks for one survey's reminder.</summary>
/// <param name="Attempt">How many sends SendGrid has already turned away for a reason that may pass.</param>
public sealed record ReminderMessage(
    string SurveyId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Attempt = 0) : IQueueMessage<ReminderMessage>
{
    public static JsonTypeInfo<ReminderMessage> JsonType => CsatJson.Default.ReminderMessage;

    [JsonIgnore]
    public bool IsComplete => !string.IsNullOrEmpty(SurveyId);

    /// <summary>Replayed once the cause is fixed, it gets SendGrid's full count of attempts again.</summary>
    public static ReminderMessage ForReplay(ReminderMessage message) => message with { Attempt = 0 };

    /// <summary>How long to hide a reminder due in <paramref name="remaining"/>: no longer than a queue allows; woken early, it hides again.</summary>
    public static TimeSpan Delay(TimeSpan remaining, CsatOptions options) =>
        remaining < options.LongestQueueDelay ? remaining : options.LongestQueueDelay;
}
