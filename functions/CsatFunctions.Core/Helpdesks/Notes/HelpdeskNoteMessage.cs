using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CsatFunctions.Storage;

namespace CsatFunctions.Helpdesks.Notes;

/// <summary>
/// Asks the queue step <c>helpdesk-notes</c> to write one answer version to its ticket. It names the
/// survey and the answer's time (the version), never the answer itself: the note is written from
/// the survey as stored, so no comment waits in a queue.
/// </summary>
/// <param name="RatedAt">The answer version's time (<c>Survey.RatedAt</c>); <c>Survey.AnswerVersion</c> is the survey id and its ticks.</param>
/// <param name="Attempt">How many attempts the helpdesk turned away for a reason that may pass (throttled, failing, unreachable).</param>
public sealed record HelpdeskNoteMessage(
    string SurveyId,
    DateTimeOffset RatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Attempt = 0) : IQueueMessage<HelpdeskNoteMessage>
{
    public static JsonTypeInfo<HelpdeskNoteMessage> JsonType => CsatJson.Default.HelpdeskNoteMessage;

    [JsonIgnore]
    public bool IsComplete => !string.IsNullOrEmpty(SurveyId) && RatedAt != default;

    [JsonIgnore]
    public string AnswerVersion => $"{SurveyId}.{RatedAt.UtcTicks}";

    /// <summary>Replayed once the cause is fixed, it gets the full count of attempts again.</summary>
    public static HelpdeskNoteMessage ForReplay(HelpdeskNoteMessage message) => message with { Attempt = 0 };
}
