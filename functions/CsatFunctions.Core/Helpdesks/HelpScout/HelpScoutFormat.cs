using System.Security.Cryptography;
using CsatFunctions.Tickets;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Helpdesks.HelpScout;

/// <summary>
/// Help Scout Mailbox webhooks: <c>X-HelpScout-Signature</c> = base64(HMAC-SHA1(secret key, raw
/// body)). <c>convo.status</c> events are read: to closed, a resolution; to active or pending, the
/// reopen signal; so is <c>convo.customer.reply.created</c> whose conversation is active (a customer's
/// reply reopens a closed conversation, and no status event is documented for it). The conversation is
/// read in both shapes Help Scout has sent: Mailbox API 2.0 (<c>primaryCustomer</c>, <c>first</c>,
/// <c>type</c>) and the older webhook object (<c>customer</c>, <c>firstName</c>, <c>source.type</c>).
/// </summary>
public sealed class HelpScoutFormat : HelpdeskFormat
{
    public override string Name => "helpscout";

    private const string StatusEvent = "convo.status";

    private const string CustomerReplyEvent = "convo.customer.reply.created";

    /// <summary>The statuses of a conversation being worked on: a <c>convo.status</c> to one of them is the reopen signal (spam is neither).</summary>
    private static readonly string[] OpenStatuses = ["active", "pending"];

    public override string? LegacySecretSetting => "Csat__HelpScoutSecret";

    /// <summary>Help Scout takes any secret key up to 40 characters (its own example has 10), so we do too.</summary>
    public override int MinimumSecretLength => 1;

    public override int? MaximumSecretLength => 40;

    /// <summary><c>ApiUrl</c> is optional here: unset, it is Help Scout's own (<see cref="HelpScoutNotes.DefaultApi"/>).</summary>
    public override IReadOnlyList<string> Settings =>
        [ApiCredentials.ApiUrl, HelpScoutNotes.ClientId, HelpScoutNotes.ClientSecret, HelpScoutNotes.BottomStatus, HelpScoutNotes.BottomTag];

    public override Notes.HelpdeskNoteWriter Notes { get; } = new HelpScoutNotes();

    public override void Validate(HelpdeskConfig config, CsatFunctions.Settings.SettingsReader settings)
    {
        ApiCredentials.Validate(config, settings, "https://api.helpscout.net");
        foreach (var (credential, partner) in new[] { (HelpScoutNotes.ClientId, HelpScoutNotes.ClientSecret), (HelpScoutNotes.ClientSecret, HelpScoutNotes.ClientId) })
        {
            if (config[credential] is { } value)
            {
                settings.Require(
                    !value.Any(char.IsControl) && config[partner] is not null,
                    $"{HelpdeskSettings.Key(Name, credential)} must be on one line, set with {HelpdeskSettings.Key(Name, partner)}: the App ID and App Secret of a Help Scout app (Your Profile > My Apps).");
            }
        }

        if (config[HelpScoutNotes.BottomStatus] is { } status)
        {
            settings.Require(
                HelpScoutNotes.Statuses.Contains(status),
                $"{HelpdeskSettings.Key(Name, HelpScoutNotes.BottomStatus)} must be one of {string.Join(", ", HelpScoutNotes.Statuses)}, such as active (reopens the conversation).");
        }

        if (config[HelpScoutNotes.BottomTag] is { } tag)
        {
            settings.Require(
                !tag.Any(c => char.IsControl(c) || c == ','),
                $"{HelpdeskSettings.Key(Name, HelpScoutNotes.BottomTag)} must be one tag on one line without commas, such as csat-follow-up.");
        }
    }

    public override string? CheckAuthenticity(string secret, IHeaderDictionary headers, ReadOnlySpan<byte> body, DateTimeOffset now) =>
        SameBytes(HMACSHA1.HashData(Utf8(secret), body), headers["X-HelpScout-Signature"].ToString())
            ? null
            : "The X-HelpScout-Signature header is missing or does not match the body under the configured secret.";

    /// <summary>Help Scout sends no delivery id; the conversation id dedupes.</summary>
    public override string? DeliveryId(IHeaderDictionary headers, ReadOnlyMemory<byte> body) => null;

    public override HelpdeskReading Read(HelpdeskConfig config, IHeaderDictionary headers, ReadOnlyMemory<byte> body, DateTimeOffset now)
    {
        var eventName = headers["X-HelpScout-Event"].ToString();
        if (eventName is not (StatusEvent or CustomerReplyEvent))
        {
            return HelpdeskReading.Ignored($"Only {StatusEvent} and {CustomerReplyEvent} events are read, not {(eventName.Length == 0 ? "a delivery without X-HelpScout-Event" : eventName)}.");
        }

        using var document = Parse(body, out var failure);
        if (document is null)
        {
            return failure!;
        }

        var conversation = document.RootElement;
        var status = Text(conversation, "status");
        if (eventName == CustomerReplyEvent)
        {
            // Help Scout reopens a closed conversation when its customer replies, and its docs do not say a
            // convo.status follows; the reply's payload is the conversation (status included). Active: reopened.
            return string.Equals(status, "active", StringComparison.OrdinalIgnoreCase)
                ? Reopen(Text(conversation, "id"), null, now)
                : HelpdeskReading.Ignored($"A customer's reply left the conversation {status ?? "without a status"}: not reopened.");
        }

        if (OpenStatuses.Contains(status ?? "", StringComparer.OrdinalIgnoreCase))
        {
            // Help Scout's payload has no time of the status change (userUpdatedAt is an agent's last
            // edit, older than a customer's reopening reply), so the delivery's arrival stands in.
            return Reopen(Text(conversation, "id"), null, now);
        }

        if (!string.Equals(status, "closed", StringComparison.OrdinalIgnoreCase))
        {
            return HelpdeskReading.Ignored($"The conversation's status is {status ?? "missing"}: neither closed nor reopened.");
        }

        var customer = conversation.TryGetProperty("primaryCustomer", out var primary) ? primary : conversation.TryGetProperty("customer", out var legacy) ? legacy : default;
        var assignee = conversation.TryGetProperty("assignee", out var user) ? user : conversation.TryGetProperty("owner", out var owner) ? owner : default;
        return Reading(
            new TicketFields(
                Text(conversation, "id"),
                Text(customer, "email"),
                Join(Text(customer, "first") ?? Text(customer, "firstName"), Text(customer, "last") ?? Text(customer, "lastName")),
                Text(conversation, "subject"),
                Join(Text(assignee, "first") ?? Text(assignee, "firstName"), Text(assignee, "last") ?? Text(assignee, "lastName")),
                Text(conversation, "type") ?? Text(conversation, "source", "type"),
                // Help Scout's docs do not say that closedAt moves when a reopened conversation closes again;
                // the later of it and userUpdatedAt (an agent's close is an update) keeps a second close after the first.
                Later(Text(conversation, "closedAt"), Text(conversation, "userUpdatedAt"), now)),
            now);
    }
}
