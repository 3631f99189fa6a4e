namespace CsatFunctions.Surveys;

/// <summary>Where a survey's email is. Stored by name, so the order here can change freely.</summary>
public enum EmailState
{
    /// <summary>Accepted and queued; no send has been claimed.</summary>
    Pending,

    /// <summary>A mailer has claimed the send until the claim expires.</summary>
    Sending,

    Sent,

    /// <summary>SendGrid refused it for a reason a retry will not fix (bad address, bad key).</summary>
    Failed,

    /// <summary>Not surveyed: the customer cannot or must not be asked (<see cref="SkipReasons"/>). Still counted as resolved.</summary>
    Skipped,
}
