using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using CsatFunctions.Helpdesks.Notes;
using CsatFunctions.Settings;
using CsatFunctions.Tickets;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Helpdesks.Zendesk;

/// <summary>
/// Zendesk trigger webhooks: <c>X-Zendesk-Webhook-Signature</c> = base64(HMAC-SHA256(signing secret,
/// timestamp + raw body)), with the timestamp in <c>X-Zendesk-Webhook-Signature-Timestamp</c>.
/// A ticket closed by a merge carries the tag <c>closed_by_merge</c> and is not surveyed: the ticket
/// it was merged into is. The documented bodies carry a literal status (<c>solved</c>, and <c>reopened</c>
/// from a trigger on the status category changing from Solved), since <c>{{ticket.status}}</c> renders
/// the status in the account's language; bodies written with it before still read its English open
/// statuses as a reopen, and any other status (a localised "Gelöst", a custom status) as a resolution.
/// </summary>
public sealed class ZendeskFormat : GenericBodyFormat
{
    public override string Name => "zendesk";

    public override string? LegacySecretSetting => "Csat__ZendeskSecret";

    protected override IReadOnlyList<string> ResolvedStatuses { get; } = ["solved", "closed"];

    /// <summary>Zendesk's open status categories as the API names them, and <c>On-hold</c> as <c>{{ticket.status}}</c> renders hold in English.</summary>
    protected override IReadOnlyList<string> OpenStatuses { get; } = ["new", "open", "pending", "hold", "on-hold"];

    /// <summary>A deleted ticket (Zendesk's <c>deleted</c> status) was not reopened: it is gone.</summary>
    protected override IReadOnlyList<string> NeitherStatuses { get; } = ["deleted"];

    /// <summary>A localised ("Gelöst") or custom status from the resolving trigger must be counted; the same from the reopen trigger then reads as a duplicate of the counted ticket, which changes nothing.</summary>
    protected override StatusMeaning UnlistedStatus => StatusMeaning.Resolution;

    private static readonly ZendeskNotes Writer = new();

    /// <summary>Write-back's API settings (read when <c>WriteBack</c> is <c>note</c>).</summary>
    public override IReadOnlyList<string> Settings { get; } = [ApiCredentials.ApiUrl, ZendeskNotes.ApiUser, ZendeskNotes.ApiToken, ZendeskNotes.BottomStatus, ZendeskNotes.BottomTag];

    public override HelpdeskNoteWriter Notes => Writer;

    public override void Validate(HelpdeskConfig config, SettingsReader settings)
    {
        ApiCredentials.Validate(config, settings, "https://acme.zendesk.com", ZendeskNotes.ApiUser, ZendeskNotes.ApiToken);
        settings.Require(
            config[ZendeskNotes.BottomStatus] is null or "new" or "open" or "pending" or "hold" or "solved",
            $"{HelpdeskSettings.Key(Name, ZendeskNotes.BottomStatus)} must be one of Zendesk's statuses a ticket can be set to: new, open, pending, hold or solved.");
        settings.Require(
            config[ZendeskNotes.BottomTag] is not { } tag || (!tag.Any(char.IsWhiteSpace) && !tag.Contains(',', StringComparison.Ordinal)),
            $"{HelpdeskSettings.Key(Name, ZendeskNotes.BottomTag)} must be one Zendesk tag: no spaces or commas, such as csat-follow-up.");
    }

    public override string? CheckAuthenticity(string secret, IHeaderDictionary headers, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        var signature = headers["X-Zendesk-Webhook-Signature"].ToString();
        var timestamp = headers["X-Zendesk-Webhook-Signature-Timestamp"].ToString();
        if (signature.Length == 0 || timestamp.Length == 0)
        {
            return "The X-Zendesk-Webhook-Signature and X-Zendesk-Webhook-Signature-Timestamp headers are required.";
        }

        if (!DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt)
            || (now - signedAt).Duration() > WebhookSignature.Tolerance)
        {
            return "The X-Zendesk-Webhook-Signature-Timestamp is missing, malformed or more than 5 minutes from the current time.";
        }

        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Utf8(secret));
        hmac.AppendData(Utf8(timestamp));
        hmac.AppendData(body);
        return SameBytes(hmac.GetHashAndReset(), signature) ? null : "The X-Zendesk-Webhook-Signature does not match the body under the configured secret.";
    }

    public override string? DeliveryId(IHeaderDictionary headers, ReadOnlyMemory<byte> body) =>
        headers["X-Zendesk-Webhook-Invocation-Id"].ToString() is { Length: > 0 } id ? id : null;

    protected override string? IgnoredBecause(JsonElement root) =>
        Text(root, "tags")?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("closed_by_merge", StringComparer.OrdinalIgnoreCase) == true
            ? "The ticket was closed by merging it into another; that ticket is surveyed instead."
            : null;
}
