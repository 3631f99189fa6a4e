using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CsatFunctions.Tickets;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Helpdesks;

/// <summary>
/// One helpdesk's webhook: how its deliveries are authenticated, which header identifies a delivery,
/// and how its JSON maps onto a resolved ticket. Each is served at
/// <c>POST /api/tickets/resolved/{Name}</c> and surveys under its own source, so its ticket ids never
/// collide with another helpdesk's.
/// </summary>
public abstract class HelpdeskFormat
{
    /// <summary>The route segment and survey source, such as <c>zendesk</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The setting holding this helpdesk's secret, by the convention: <c>Csat__Helpdesks__zendesk__Secret</c>.</summary>
    public string SecretSetting => HelpdeskSettings.Key(Name, HelpdeskSettings.Secret);

    /// <summary>The key the secret had before the convention, such as <c>Csat__ZendeskSecret</c>; still read when the convention's is unset; null for helpdesks added since.</summary>
    public virtual string? LegacySecretSetting => null;

    /// <summary>Whether deliveries are authenticated with <c>Secret</c>; false for helpdesks that use other credentials (<see cref="Settings"/>).</summary>
    public virtual bool UsesSecret => true;

    /// <summary>The settings this helpdesk reads besides <c>Secret</c> and <c>TicketUrl</c>, such as <c>ApiUrl</c>; any other is warned of at start-up.</summary>
    public virtual IReadOnlyList<string> Settings => [];

    /// <summary>Checks this helpdesk's own settings at start-up, one <see cref="Settings.SettingsReader.Require"/> per key.</summary>
    public virtual void Validate(HelpdeskConfig config, CsatFunctions.Settings.SettingsReader settings)
    {
    }

    /// <summary>Why deliveries are refused with these settings (null: they are taken); the default asks for <c>Secret</c>.</summary>
    public virtual string? NotConfiguredBecause(HelpdeskConfig config) =>
        config.Secret is null ? $"Webhooks from {Name} are refused until {SecretSetting} is configured." : null;

    /// <summary>The shortest secret the helpdesk lets an admin set that we accept; shorter ones stop start-up.</summary>
    public virtual int MinimumSecretLength => StrongSecretLength;

    /// <summary>The longest secret the helpdesk accepts, if it has a limit.</summary>
    public virtual int? MaximumSecretLength => null;

    /// <summary>Below this a secret is accepted, where the helpdesk allows it, with a warning at start-up.</summary>
    public const int StrongSecretLength = 16;

    /// <returns>Null when the delivery is authentic; otherwise why it is refused.</returns>
    public virtual string? CheckAuthenticity(string secret, IHeaderDictionary headers, ReadOnlySpan<byte> body, DateTimeOffset now) =>
        throw new NotSupportedException($"{Name} checks its deliveries in {nameof(CheckAuthenticityAsync)}.");

    /// <summary>
    /// The check for helpdesks that need more than the secret (ConnectWise fetches its signing key).
    /// It runs before the helpdesk is answered, so whatever it calls must answer well inside the
    /// helpdesk's timeout: <paramref name="cancellationToken"/> is the request's.
    /// </summary>
    /// <returns>Null when the delivery is authentic; otherwise why it is refused, or that it cannot be checked now.</returns>
    public virtual ValueTask<HelpdeskRefusal?> CheckAuthenticityAsync(HelpdeskCall call, IHeaderDictionary headers, ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
        ValueTask.FromResult(CheckAuthenticity(call.Config.Secret!, headers, body.Span, call.Time.GetUtcNow()) is { } refused ? HelpdeskRefusal.NotAuthentic(refused) : null);

    /// <summary>The helpdesk's id for this delivery (in a header, or in the body for Autotask), the same on its retries; null if it sends none.</summary>
    public abstract string? DeliveryId(IHeaderDictionary headers, ReadOnlyMemory<byte> body);

    /// <summary>
    /// Reads a delivery, with this helpdesk's settings at hand for the helpdesks whose resolution
    /// depends on them (the closed states an admin configured).
    /// </summary>
    public abstract HelpdeskReading Read(HelpdeskConfig config, IHeaderDictionary headers, ReadOnlyMemory<byte> body, DateTimeOffset now);

    /// <summary>
    /// For a delivery <see cref="Read"/> turned into <see cref="HelpdeskReading.ToLookUp"/>: reads the
    /// ticket from the helpdesk's API after the helpdesk has been answered. A ticket deleted (the API's
    /// 404) is <see cref="HelpdeskReading.Ignored"/>; one that is not resolved is
    /// <see cref="HelpdeskReading.Reopen"/> (the helpdesk's save said something changed, and it is open);
    /// without an API time, the ticket is resolved or reopened at <see cref="HelpdeskLookupMessage.ReceivedAt"/>.
    /// </summary>
    /// <exception cref="HelpdeskApiException">The API failed in a way that may pass; tried again later.</exception>
    public virtual Task<HelpdeskReading> LookUpAsync(HelpdeskLookupMessage lookup, HelpdeskCall call, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{Name} reads every ticket from its deliveries.");

    /// <summary>How this helpdesk's API writes an answer back to its tickets; null when it cannot.</summary>
    public virtual Notes.HelpdeskNoteWriter? Notes => null;

    protected static bool SameBytes(byte[] expected, string? givenBase64)
    {
        var given = new byte[expected.Length];
        return givenBase64 is not null
            && Convert.TryFromBase64String(givenBase64.Trim(), given, out var written)
            && written == expected.Length
            && CryptographicOperations.FixedTimeEquals(given, expected);
    }

    /// <summary>Whether <paramref name="header"/> is <paramref name="prefix"/> and the lowercase or uppercase hex of <paramref name="expected"/> (GitHub's <c>X-Hub-Signature</c> style), compared in constant time.</summary>
    protected static bool SameHex(byte[] expected, string header, string prefix)
    {
        var given = new byte[expected.Length];
        return header.StartsWith(prefix, StringComparison.Ordinal)
            && header.Length == prefix.Length + 2 * expected.Length
            && Convert.FromHexString(header.AsSpan(prefix.Length), given, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == expected.Length
            && CryptographicOperations.FixedTimeEquals(given, expected);
    }

    protected static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Parses a body into a document, or says what is wrong with it.</summary>
    protected static JsonDocument? Parse(ReadOnlyMemory<byte> body, out HelpdeskReading? failure)
    {
        failure = null;
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            failure = HelpdeskReading.Invalid("body", "The body is not valid UTF-8.");
            return null;
        }

        try
        {
            var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            failure = HelpdeskReading.Invalid("body", "The body must be a JSON object.");
        }
        catch (JsonException ex)
        {
            failure = HelpdeskReading.Invalid("body", $"The body is not valid JSON: {ex.Message}");
        }

        return null;
    }

    /// <summary>A string or number at a path of property names; null when absent, null or empty.</summary>
    protected internal static string? Text(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        var text = JsonText.Scalar(element);
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    /// <summary>Applies the rules every intake route shares to the fields read from this helpdesk's shape.</summary>
    protected static HelpdeskReading Reading(TicketFields fields, DateTimeOffset now)
    {
        var (ticket, errors) = fields.ToTicket(now);
        return ticket is null ? HelpdeskReading.Invalid(errors) : HelpdeskReading.Resolved(ticket);
    }

    /// <summary>
    /// A delivery saying the ticket is open again, under the ticket id rules every route shares
    /// (<see cref="TicketFields.ToTicket"/>); <paramref name="reopenedAt"/> is read like a resolution
    /// time (unreadable, future or pre-2000 is absent: the delivery's arrival stands in).
    /// </summary>
    protected internal static HelpdeskReading Reopen(string? ticketId, string? reopenedAt, DateTimeOffset now)
    {
        var fields = new TicketFields(ticketId, null, null, null, null, null, null) { Status = TicketFields.ReopenedStatus, ReopenedAt = reopenedAt };
        return fields.ToReopen(now) is { } reopened ? HelpdeskReading.Reopen(reopened) : HelpdeskReading.Invalid(fields.ToTicket(now).Errors);
    }

    /// <summary>
    /// The later of two times as the vendor wrote them: a vendor's close date that may stay at a
    /// ticket's first close, beside a time that moves at every change, so that a close after a reopen
    /// comes after the first. Each is first read as any resolution time is (an unreadable, future or
    /// implausibly old one left out), so a changed time from a clock running ahead never displaces a
    /// good close date.
    /// </summary>
    protected internal static string? Later(string? closedAt, string? changedAt, DateTimeOffset now) =>
        (TicketFields.Timestamp(closedAt, now), TicketFields.Timestamp(changedAt, now)) switch
        {
            ({ } closed, { } changed) => changed > closed ? changedAt : closedAt,
            (null, { }) => changedAt,
            _ => closedAt,
        };

    protected static string? Join(params string?[] parts) =>
        string.Join(' ', parts.Where(p => !string.IsNullOrWhiteSpace(p))) is { Length: > 0 } joined ? joined : null;
}
