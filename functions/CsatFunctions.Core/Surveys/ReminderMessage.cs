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
    /// <summary>The Functions app's queue trigger names this queue under the default prefix, as a constant.</summary>
    public const string Queue = "reminders";

    public static string QueueName => Queue;

    public static JsonTypeInfo<ReminderMessage> JsonType => CsatJson.Default.ReminderMessage;

    [JsonIgnore]
    public bool IsComplete => !string.IsNullOrEmpty(SurveyId);

    /// <summary>How long to hide a reminder due in <paramref name="remaining"/>: no longer than a queue allows; woken early, it hides again.</summary>
    public static TimeSpan Delay(TimeSpan remaining, CsatOptions options) =>
        remaining < options.LongestQueueDelay ? remaining : options.LongestQueueDelay;
}
