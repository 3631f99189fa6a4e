using System.Globalization;
using System.Net.Mail;

namespace CsatFunctions.Surveys.SendRules;

/// <summary>
/// The rules that decide whether and when a resolved ticket's survey email goes out
/// (<c>Csat__InternalDomains</c>, <c>Csat__SendDelay</c>, <c>Csat__ReopenAfterEmail</c>). Whatever
/// they decide, the ticket is counted: a ticket not asked is counted as not surveyed, with its reason.
/// </summary>
public sealed record SendRules
{
    public const string DefaultSendDelaySetting = "PT0S";

    /// <summary>The domains whose addresses are the company's own (lowercase ASCII, punycode for an international name, no leading dot): their tickets are counted and not asked. None by default.</summary>
    public IReadOnlyList<string> InternalDomains { get; init; } = [];

    /// <summary>How long after its resolution a survey's email waits, so that a reopen can cancel it. Zero by default: at once.</summary>
    public TimeSpan SendDelay { get; init; } = TimeSpan.Zero;

    /// <summary>What a reopen after the email left means. By default the first answer stands.</summary>
    public ReopenAfterEmail ReopenAfterEmail { get; init; } = ReopenAfterEmail.Keep;

    /// <summary>When the survey of a ticket resolved at <paramref name="resolvedAt"/> may be emailed; null when it may be now.</summary>
    public DateTimeOffset? SendAfter(DateTimeOffset resolvedAt, DateTimeOffset now) =>
        SendDelay > TimeSpan.Zero && resolvedAt + SendDelay > now ? resolvedAt + SendDelay : null;

    /// <summary>Whether the address is at one of <see cref="InternalDomains"/> or a subdomain of one.</summary>
    public bool IsInternal(string? email)
    {
        if (InternalDomains.Count == 0 || email is null || !MailAddress.TryCreate(email, out var address))
        {
            return false;
        }

        var host = Ascii(address.Host.TrimEnd('.'));
        return host is not null && InternalDomains.Any(domain => host == domain || host.EndsWith("." + domain, StringComparison.Ordinal));
    }

    /// <summary>
    /// A domain in its lowercase ASCII (punycode) form, so <c>bücher.example</c>, <c>BÜCHER.example</c>
    /// and <c>xn--bcher-kva.example</c> are one domain whichever way the setting or the helpdesk writes
    /// it; null when it is not a domain name.
    /// </summary>
    public static string? Ascii(string domain)
    {
        try
        {
            // Lowercased before the mapping: with InvariantGlobalization, IdnMapping maps no case, so
            // BÜCHER would become another xn-- label than bücher, while ToLowerInvariant maps every
            // Unicode letter. (Invariant mode cannot normalise, so a decomposed ü stays another name.)
            return new IdnMapping().GetAscii(domain.ToLowerInvariant());
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
