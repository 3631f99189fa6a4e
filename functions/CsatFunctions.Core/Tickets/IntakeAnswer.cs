using System.Text.Json.Serialization;

namespace CsatFunctions.Tickets;

/// <summary>What a webhook answers on success: the survey and whether this delivery was new, or why it was ignored.</summary>
public sealed record IntakeAnswer(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SurveyId,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null)
{
    public static IntakeAnswer Accepted(string surveyId) => new(surveyId, "accepted");

    public static IntakeAnswer Duplicate(string surveyId) => new(surveyId, "duplicate");

    public static IntakeAnswer Ignored(string reason) => new(null, "ignored", reason);
}
