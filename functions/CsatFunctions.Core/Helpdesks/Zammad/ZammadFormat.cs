using System.Security.Cryptography;
using System.Text.Json;
using CsatFunctions.Tickets;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Helpdesks.Zammad;

/// <summary>
/// Zammad trigger webhooks with Zammad's default payload (<c>{"ticket": …, "article": …}</c>):
/// <c>X-Hub-Signature: sha1=&lt;hex HMAC-SHA1(signature token, raw body)&gt;</c>, the delivery id in
/// <c>X-Zammad-Delivery</c> (the job's id, the same on Zammad's retries). A ticket whose state is one
/// of <c>ClosedStates</c> (default <c>closed</c>) is resolved, one in another state (open, new,
/// pending…; not Zammad's built-in closed, merged or removed) is the reopen signal; the ticket id is
/// Zammad's internal <c>ticket.id</c>, the one in its URLs (<c>#ticket/zoom/{id}</c>), not the
/// displayed number.
/// </summary>
public sealed class ZammadFormat : HelpdeskFormat
{
    public const string ClosedStates = "ClosedStates";

    public const string ApiToken = "ApiToken";

    /// <summary>The state (by name) a bottom-of-scale answer's ticket is set to when its note is written back.</summary>
    public const string BottomState = "BottomState";

    /// <summary>The tag a bottom-of-scale answer's ticket is given when its note is written back.</summary>
    public const string BottomTag = "BottomTag";

    /// <summary>Zammad's user 1 is its system user ("-"): the owner of every unassigned ticket.</summary>
    private const string SystemUserId = "1";

    public override string Name => "zammad";

    /// <summary>
    /// Zammad's built-in states of its closed, merged and removed state types (seeded as ids 4, 5 and
    /// 6): a ticket in one is never reopened. One not listed in <c>ClosedStates</c> is neither, so a
    /// team that resolves with a state of its own and closes later is not read as reopening.
    /// </summary>
    private static readonly string[] TerminalStates = ["closed", "merged", "removed"];

    public override IReadOnlyList<string> Settings => [ApiCredentials.ApiUrl, ApiToken, ClosedStates, BottomState, BottomTag];

    /// <summary>Zammad's signature token is optional and any length up to 100 characters (its form's limit); shorter than 16 is warned of.</summary>
    public override int MinimumSecretLength => 1;

    public override int? MaximumSecretLength => 100;

    public override void Validate(HelpdeskConfig config, CsatFunctions.Settings.SettingsReader settings)
    {
        ApiCredentials.Validate(config, settings, "https://acme.zammad.com", ApiToken);
        settings.Require(config[BottomState] is not { } state || !state.Any(char.IsControl), $"{HelpdeskSettings.Key(Name, BottomState)} must be a state's name on one line, such as open.");

        // Zammad's tag field splits what is typed at commas, so a tag never holds one.
        settings.Require(config[BottomTag] is not { } tag || !tag.Any(c => c == ',' || char.IsControl(c)), $"{HelpdeskSettings.Key(Name, BottomTag)} must be one tag on one line without commas, such as csat-follow-up.");
        settings.Require(
            config[ClosedStates] is null || config.List(ClosedStates).Count > 0,
            $"{HelpdeskSettings.Key(Name, ClosedStates)} must name at least one state, such as closed or closed,merged.");
    }

    public override Notes.HelpdeskNoteWriter Notes { get; } = new ZammadNotes();

    public override string? CheckAuthenticity(string secret, IHeaderDictionary headers, ReadOnlySpan<byte> body, DateTimeOffset now) =>
        SameHex(HMACSHA1.HashData(Utf8(secret), body), headers["X-Hub-Signature"].ToString(), "sha1=")
            ? null
            : "The X-Hub-Signature header is missing or does not match the body under the configured signature token.";

    public override string? DeliveryId(IHeaderDictionary headers, ReadOnlyMemory<byte> body) =>
        headers["X-Zammad-Delivery"].ToString() is { Length: > 0 } id ? id : null;

    public override HelpdeskReading Read(HelpdeskConfig config, IHeaderDictionary headers, ReadOnlyMemory<byte> body, DateTimeOffset now)
    {
        using var document = Parse(body, out var failure);
        if (document is null)
        {
            return failure!;
        }

        if (!document.RootElement.TryGetProperty("ticket", out var ticket) || ticket.ValueKind != JsonValueKind.Object)
        {
            return HelpdeskReading.Invalid("ticket", "Required: the ticket object of Zammad's default webhook payload.");
        }

        // The default payload names the state ("closed"); a custom payload may carry the state object.
        var state = Text(ticket, "state") ?? Text(ticket, "state", "name");
        var closed = config.List(ClosedStates, "closed");
        if (state is null || TerminalStates.Contains(state, StringComparer.OrdinalIgnoreCase) && !closed.Contains(state, StringComparer.OrdinalIgnoreCase))
        {
            return HelpdeskReading.Ignored($"The ticket's state is {state ?? "missing"}: neither one of {string.Join(", ", closed)} nor reopened.");
        }

        if (!closed.Contains(state, StringComparer.OrdinalIgnoreCase))
        {
            // The ticket's updated_at is the change the trigger fired on: the reopening.
            return Reopen(Text(ticket, "id"), Text(ticket, "updated_at"), now);
        }

        var customer = Object(ticket, "customer");
        var owner = Object(ticket, "owner");
        var assigned = Text(owner, "id") is { } ownerId && ownerId != SystemUserId;
        return Reading(
            new TicketFields(
                Text(ticket, "id"),
                Text(customer, "email"),
                Join(Text(customer, "firstname"), Text(customer, "lastname")),
                Text(ticket, "title"),
                assigned ? Join(Text(owner, "firstname"), Text(owner, "lastname")) : null,
                Text(ticket, "create_article_type") ?? Text(ticket, "create_article_type", "name"),
                // close_at is set at the first close only; last_close_at at every close (Ticket::SetsCloseTime),
                // so a close after a reopen comes after the first. A Zammad without it: the update is the close.
                Text(ticket, "last_close_at") ?? Text(ticket, "updated_at") ?? Text(ticket, "close_at"))
            {
                Touchpoint = Text(ticket, "group", "name") ?? Text(ticket, "group"),
                Company = Text(ticket, "organization", "name") ?? Text(customer, "organization"),
            },
            now);
    }

    private static JsonElement Object(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : default;
}
