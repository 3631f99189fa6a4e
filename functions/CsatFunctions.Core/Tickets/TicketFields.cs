using System.Globalization;
using System.Net.Mail;
using CsatFunctions.Surveys;
using CsatFunctions.Web;

namespace CsatFunctions.Tickets;

/// <summary>
/// A resolved ticket's fields as a helpdesk sent them, before any rule is applied. Every intake route
/// (the generic JSON and each helpdesk's own shape) reads its delivery into this and then applies the
/// same rules in <see cref="ToTicket"/>: only a missing or unusable ticket id refuses the delivery;
/// every optional field is normalised, and a ticket without a usable email is still counted.
/// </summary>
public sealed record TicketFields(
    string? TicketId,
    string? CustomerEmail,
    string? CustomerName,
    string? Subject,
    string? Agent,
    string? Channel,
    string? ResolvedAt)
{
    public const int MaxTicketIdLength = 128;

    /// <summary>The longest client company name kept: on a ticket, in the account-manager mapping, in a client report's address.</summary>
    public const int MaxCompanyLength = 200;

    public string? Touchpoint { get; init; }

    public string? Scale { get; init; }

    /// <summary>The customer's language as a BCP 47 tag (<c>de-DE</c>), when the helpdesk knows it.</summary>
    public string? Locale { get; init; }

    /// <summary>The customer's organisation, when the helpdesk knows it.</summary>
    public string? Company { get; init; }

    /// <summary>Why the delivery carries no email, when the helpdesk says (Atlassian hides private addresses).</summary>
    public string? NoEmailBecause { get; init; }

    /// <summary>The generic body's <c>status</c>: <c>reopened</c> is the reopen signal; absent or anything else is a resolution.</summary>
    public string? Status { get; init; }

    /// <summary>The generic body's <c>reopenedAt</c>, read with a reopen.</summary>
    public string? ReopenedAt { get; init; }

    public const string ReopenedStatus = "reopened";

    /// <summary>The reopen this delivery says happened, or null when it is a resolution; null too without a usable ticket id (<see cref="ToTicket"/> says why).</summary>
    public TicketReopened? ToReopen(DateTimeOffset now) =>
        string.Equals(Status?.Trim(), ReopenedStatus, StringComparison.OrdinalIgnoreCase) && ToTicket(now).Ticket is { } ticket
            ? new TicketReopened(ticket.TicketId, Timestamp(ReopenedAt, now))
            : null;

    /// <returns>The ticket, or (keyed by JSON path) why the delivery cannot be a ticket at all.</returns>
    public (TicketResolved? Ticket, Dictionary<string, string[]> Errors) ToTicket(DateTimeOffset now)
    {
        // The id is the ticket's identity (its survey id is a hash of it), so it is only trimmed, never rewritten.
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var ticketId = TicketId?.Trim();
        if (string.IsNullOrEmpty(ticketId))
        {
            errors["ticketId"] = ["Required: the helpdesk's id for the ticket, a string such as T-1001."];
        }
        else if (ticketId.Length > MaxTicketIdLength)
        {
            errors["ticketId"] = [$"Must be at most {MaxTicketIdLength} characters."];
        }
        else if (ticketId.Any(c => char.IsControl(c) && c != '\t'))
        {
            errors["ticketId"] = ["Must not contain line breaks or other control characters."];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var email = CustomerEmail?.Trim();
        var noEmailBecause = string.IsNullOrEmpty(email)
            ? NoEmailBecause ?? "The ticket has no customer email address, so no survey can be sent."
            : IsEmailAddress(email) ? null : "The customer email is not a single address such as ann@example.org, so no survey can be sent.";
        var ticket = new TicketResolved(
            ticketId!,
            noEmailBecause is null ? email : null,
            CleanText.Clean(CustomerName, 200),
            CleanText.Clean(Subject, 500),
            CleanText.Clean(Agent, 200),
            CleanText.Clean(Channel, 64),
            Timestamp(ResolvedAt, now))
        {
            Touchpoint = TouchpointKey(Touchpoint),
            Scale = Scales.TryParse(Scale?.Trim(), out var scale) ? scale : null,
            Locale = Languages.Languages.Match(Locale),
            Company = CleanText.Clean(Company, MaxCompanyLength),
            NoEmailBecause = noEmailBecause,
        };
        return (ticket, errors);
    }

    /// <summary>An unreadable, future or implausibly old time is treated as absent: the ticket counts on the day it arrived.</summary>
    internal static DateTimeOffset? Timestamp(string? text, DateTimeOffset now) =>
        DateTimeOffset.TryParse(text?.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
        && at - now <= WebhookSignature.Tolerance
        && at.Year >= 2000
            ? at
            : null;

    /// <summary>A grouping key: lowercased letters, digits, hyphens and underscores, anything else a single space.</summary>
    private static string? TouchpointKey(string? text)
    {
        if (CleanText.Clean(text, 200) is not { } clean)
        {
            return null;
        }

        var key = new string(clean.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : ' ').ToArray());
        key = string.Join(' ', key.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return key.Length == 0 ? null : key.Length <= 40 ? key : key[..40].TrimEnd();
    }

    /// <summary>One plain address with a dotted host, as SendGrid will take it: what both intake and campaign imports accept.</summary>
    public static bool IsEmailAddress(string text) =>
        text.Length <= 254
        && MailAddress.TryCreate(text, out var address)
        && address.Address == text
        && string.IsNullOrEmpty(address.DisplayName)
        && address.Host.Contains('.', StringComparison.Ordinal)
        && !text.Any(char.IsControl);
}
