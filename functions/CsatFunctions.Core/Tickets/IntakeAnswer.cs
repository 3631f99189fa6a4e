using System.Text.Json.Serialization;

namespace CsatFunctions.Tickets;

/// <summary>What a webhook answers on success: the survey and whether this delivery was new, why it cannot be asked, or why it was ignored.</summary>
public sealed record IntakeAnswer(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SurveyId,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null)
{
    public static IntakeAnswer Accepted(string surveyId) => new(surveyId, "accepted");

    public static IntakeAnswer Duplicate(string surveyId) => new(surveyId, "duplicate");

    public static IntakeAnswer Ignored(string reason) => new(null, "ignored", reason);

    /// <summary>Counted, but nobody can be asked (no usable email); a later delivery with one is surveyed.</summary>
    public static IntakeAnswer NotSurveyed(string surveyId, string reason) => new(surveyId, "notSurveyed", reason);
}
