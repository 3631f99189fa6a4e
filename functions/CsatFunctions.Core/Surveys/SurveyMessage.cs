namespace CsatFunctions.Surveys;

/// <summary>The queue message that asks the mailer to send one survey's email.</summary>
public sealed record SurveyMessage(string SurveyId);
