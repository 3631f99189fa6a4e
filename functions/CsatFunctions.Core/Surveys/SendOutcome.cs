namespace CsatFunctions.Surveys;

/// <summary>What became of a claimed send.</summary>
public enum SendOutcome
{
    Sent,

    /// <summary>SendGrid may take it later (429, 5xx, unreachable): the claim was given back and a retry queued.</summary>
    RetryQueued,

    /// <summary>SendGrid refused it for a reason a retry will not fix; the email is marked Failed.</summary>
    Refused,
}
