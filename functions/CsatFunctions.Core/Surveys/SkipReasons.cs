using CsatFunctions.Consent;

namespace CsatFunctions.Surveys;

/// <summary>Why a survey was not sent, as stored and shown to operators.</summary>
public static class SkipReasons
{
    public const string Unsubscribed = "unsubscribed";
    public const string Cooldown = "cooldown";

    /// <summary>The address is on the suppression list: it bounced, reported spam, or the support team put it there.</summary>
    public const string Suppressed = "suppressed";

    /// <summary>The ticket came without a usable customer email; a later delivery with one is surveyed.</summary>
    public const string NoEmail = "no-email";

    /// <summary>The customer's data was erased (at their request, or after the retention period) before the email went out.</summary>
    public const string Erased = "erased";

    /// <summary>The customer's address is at one of <c>Csat__InternalDomains</c>: the company's own staff or a test ticket.</summary>
    public const string Internal = "internal";

    /// <summary>The ticket was reopened before its delayed email left (<c>Csat__SendDelay</c>); its next resolution is surveyed.</summary>
    public const string Reopened = "reopened";

    /// <returns>Why this customer must not be emailed, or null when they may be.</returns>
    public static string? For(CustomerRecord customer) =>
        customer.Unsubscribed ? Unsubscribed : customer.SuppressedBecause is not null ? Suppressed : null;
}
