namespace CsatFunctions.Scores.Policy;

/// <summary>
/// The settings the review policy states, taken from <see cref="CsatOptions"/> when a document is
/// rendered, so the page says what the running pipeline does (a cooldown of 0 is not mentioned, a
/// send delay is said in words).
/// </summary>
/// <param name="RetentionDays"><c>Csat__RetentionDays</c>; 0 keeps personal data until it is erased on request.</param>
/// <param name="SurveyCooldownDays"><c>Csat__SurveyCooldownDays</c>; 0 asks about every ticket.</param>
/// <param name="SendDelay"><c>Csat__SendDelay</c>; zero sends at once.</param>
/// <param name="ExcludesInternal">Whether <c>Csat__InternalDomains</c> names any domain (the domains themselves are not published).</param>
/// <param name="InvitesReviews">Whether <c>Csat__ReviewInviteUrl</c> is set.</param>
/// <param name="VerifyUrl">The ledger's verify page (<see cref="CsatOptions.VerifyPage"/>), when known.</param>
public sealed record ReviewPolicySettings(int RetentionDays, int SurveyCooldownDays, TimeSpan SendDelay, bool ExcludesInternal, bool InvitesReviews, string? VerifyUrl)
{
    public static ReviewPolicySettings Of(CsatOptions options) => new(
        options.RetentionDays,
        (int)options.SurveyCooldown.TotalDays,
        options.SendRules.SendDelay,
        options.SendRules.InternalDomains.Count > 0,
        options.ReviewInviteUrl is not null,
        options.VerifyPage());
}
