using System.Text.Json.Serialization.Metadata;
using System.Text.Json.Serialization;
using CsatFunctions.Storage;

namespace CsatFunctions.Alerts;

/// <summary>The queue message that asks the alerter to tell someone about one bad rating.</summary>
public sealed record RatingAlertMessage(string SurveyId, DateTimeOffset RatedAt) : IQueueMessage<RatingAlertMessage>
{
    public static JsonTypeInfo<RatingAlertMessage> JsonType => CsatJson.Default.RatingAlertMessage;

    [JsonIgnore]
    public bool IsComplete => !string.IsNullOrEmpty(SurveyId);
}
