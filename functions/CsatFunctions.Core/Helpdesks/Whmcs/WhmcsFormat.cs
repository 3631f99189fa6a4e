using CsatFunctions.Tickets;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Helpdesks.Whmcs;

/// <summary>
/// WHMCS, through the hook file the project ships (<c>integrations/whmcs/csat_ticket_close.php</c>):
/// WHMCS has no webhooks of its own, so the hook reads the closed ticket and its client through
/// WHMCS's local API and posts the generic JSON, signed per Standard Webhooks exactly as the generic
/// route's, with a <c>whsec_</c> secret of its own. On close it posts the ticket with status
/// <c>Closed</c>; when a customer's or staff's reply or a status change leaves the ticket in another
/// status, it posts <c>"status": "reopened"</c>, the reopen signal (as is any status but Closed).
/// </summary>
public sealed class WhmcsFormat : GenericBodyFormat
{
    public override string Name => "whmcs";

    protected override IReadOnlyList<string> ResolvedStatuses { get; } = ["Closed"];

    /// <summary>The body is our hook's, which sends <c>Closed</c> only on a close: any other status is the ticket left open.</summary>
    protected override StatusMeaning UnlistedStatus => StatusMeaning.Reopen;

    public override void Validate(HelpdeskConfig config, CsatFunctions.Settings.SettingsReader settings) =>
        settings.Require(
            WebhookSecret.TryParse(config.Secret, out _),
            $"{SecretSetting} must be whsec_ followed by the base64 of 24 to 64 random bytes, as Csat__WebhookSecret.");

    public override string? CheckAuthenticity(string secret, IHeaderDictionary headers, ReadOnlySpan<byte> body, DateTimeOffset now) =>
        WebhookSecret.TryParse(secret, out var key)
            ? WebhookSignature.Check(key!, headers, body, now)
            : $"{SecretSetting} is not a whsec_ secret.";

    /// <summary>The hook's <c>webhook-id</c>, a fresh <c>msg_…</c> per close: a ticket closed twice is deduped by its id instead.</summary>
    public override string? DeliveryId(IHeaderDictionary headers, ReadOnlyMemory<byte> body) =>
        headers["webhook-id"].ToString() is { Length: > 0 } id ? id : null;
}
