namespace CsatFunctions.Tickets;

/// <summary>What the webhook answers on success: the survey id and whether this delivery was new.</summary>
public sealed record IntakeAnswer(string SurveyId, string Status)
{
    public static IntakeAnswer Accepted(string surveyId) => new(surveyId, "accepted");

    public static IntakeAnswer Duplicate(string surveyId) => new(surveyId, "duplicate");
}
