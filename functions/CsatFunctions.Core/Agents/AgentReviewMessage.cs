using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CsatFunctions.Storage;

namespace CsatFunctions.Agents;

/// <summary>Asks for one answer version (<see cref="Surveys.Survey.AnswerVersion"/>) to be emailed to its agent.</summary>
public sealed record AgentReviewMessage(string SurveyId, string AnswerVersion) : IQueueMessage<AgentReviewMessage>
{
    public static JsonTypeInfo<AgentReviewMessage> JsonType => CsatJson.Default.AgentReviewMessage;

    [JsonIgnore]
    public bool IsComplete => !string.IsNullOrEmpty(SurveyId) && !string.IsNullOrEmpty(AnswerVersion);
}
