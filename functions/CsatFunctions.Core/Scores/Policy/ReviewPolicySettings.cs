using CsatFunctions.Surveys.SendRules;

namespace CsatFunctions.Scores.Policy;

/// <summary>
/// The settings the review policy states, taken from <see cref="CsatOptions"/> when a document is
/// rendered, so the page says what the running pipeline does (a cooldown of 0 is not mentioned, a
/// send delay is said in words, a ledger that is not published is not offered for checking).
/// </summary>
/// <param name="RetentionDays"><c>Csat__RetentionDays</c>; 0 keeps personal data until it is erased on request.</param>
/// <param name="SurveyCooldownDays"><c>Csat__SurveyCooldownDays</c>; 0 asks about every ticket.</param>
/// <param name="SendDelay"><c>Csat__SendDelay</c>; zero sends at once.</param>
/// <param name="ExcludesInternal">Whether <c>Csat__InternalDomains</c> names any domain (the domains themselves are not published).</param>
/// <param name="InvitesReviews">Whether <c>Csat__ReviewInviteUrl</c> is set.</param>
/// <param name="ReminderAfterDays"><c>Csat__ReminderAfterDays</c>; 0 sends no reminder.</param>
/// <param name="AsksAgainAfterReopen">Whether <c>Csat__ReopenAfterEmail</c> is <c>ask-again</c>: a ticket resolved again after a reopen is emailed again.</param>
/// <param name="Ledger">Whether the public ledger is published and signed, and where its verify page is.</param>
public sealed record ReviewPolicySettings(
    int RetentionDays,
    int SurveyCooldownDays,
    TimeSpan SendDelay,
    bool ExcludesInternal,
    bool InvitesReviews,
    int ReminderAfterDays,
    bool AsksAgainAfterReopen,
    ReviewPolicyLedger Ledger)
{
    public static ReviewPolicySettings Of(CsatOptions options) => new(
        options.RetentionDays,
        (int)options.SurveyCooldown.TotalDays,
        options.SendRules.SendDelay,
        options.SendRules.InternalDomains.Count > 0,
        options.ReviewInviteUrl is not null,
        (int)options.ReminderAfter.TotalDays,
        options.SendRules.ReopenAfterEmail == ReopenAfterEmail.AskAgain,
        ReviewPolicyLedger.Of(options));
}
