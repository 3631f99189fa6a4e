namespace CsatFunctions.Agents;

/// <summary>How an agent gets their own answers (<c>Csat__Agents__{name}__Mode</c>).</summary>
public enum AgentReviewMode
{
    /// <summary>One email per answer as it comes, good ones included, and one per change of mind.</summary>
    Each,

    /// <summary>One email a day at <c>Csat__Agents__DigestHour</c> with the previous day's answers; none on a day without.</summary>
    Daily,
}
