using Azure;

namespace CsatFunctions.Consent;

/// <summary>What we must remember about a customer to respect them: unsubscribed or suppressed, and when we last asked.</summary>
/// <param name="Unsubscribed">The customer asked for no more survey emails (our link, or their mail client's unsubscribe button).</param>
/// <param name="LastSurveyId">The survey that started the current cooldown, so a retried intake of that survey is not held back by its own claim.</param>
public sealed record CustomerRecord(bool Unsubscribed, DateTimeOffset? LastSurveyedAt, string? LastSurveyId = null)
{
    /// <summary>Why the address is on the suppression list (<c>bounce</c>, <c>spamreport</c>, <c>support-team</c>…); null when it is not.</summary>
    public string? SuppressedBecause { get; init; }

    public DateTimeOffset? SuppressedAt { get; init; }

    internal ETag? ETag { get; init; }
}
