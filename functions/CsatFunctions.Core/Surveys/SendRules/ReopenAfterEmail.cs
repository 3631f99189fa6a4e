namespace CsatFunctions.Surveys.SendRules;

/// <summary>What a ticket reopened after its survey email left means (<c>Csat__ReopenAfterEmail</c>). Either way the ticket is counted once.</summary>
public enum ReopenAfterEmail
{
    /// <summary><c>keep</c>, the default: the survey already sent stands, and the customer's answer (or a later one by the same link) is the ticket's.</summary>
    Keep,

    /// <summary><c>ask-again</c>: the ticket's next resolution emails the same survey again and counts it on that day; the latest answer stands.</summary>
    AskAgain,
}
