using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Helpdesks.Freshdesk;

/// <summary>
/// Freshdesk automation webhooks, which Freshdesk does not sign: the rule sends the configured secret
/// in an <c>X-Csat-Secret</c> header (<see cref="SharedSecretHeader"/>). The documented rules send a
/// literal status (<c>resolved</c>, <c>reopened</c>); a body with <c>{{ticket.status}}</c> reads
/// Freshdesk's own open statuses as a reopen and any other (a custom or translated one) as a resolution.
/// </summary>
public sealed class FreshdeskFormat : GenericBodyFormat
{
    public override string Name => "freshdesk";

    public override string? LegacySecretSetting => "Csat__FreshdeskSecret";

    public override IReadOnlyList<string> Settings => FreshworksNotes.Settings;

    public override Notes.HelpdeskNoteWriter Notes { get; } = new FreshdeskNotes();

    /// <summary>Freshdesk's resolved statuses by name, and by their ids (4 Resolved, 5 Closed) as its API gives them.</summary>
    protected override IReadOnlyList<string> ResolvedStatuses { get; } = ["resolved", "closed", "4", "5"];

    /// <summary>Freshdesk's default open statuses, by name and by id (2 Open, 3 Pending), and Waiting on Customer and Waiting on Third Party, which many accounts have though Freshdesk's help no longer lists them as defaults.</summary>
    protected override IReadOnlyList<string> OpenStatuses { get; } = ["open", "pending", "2", "3", "waiting on customer", "waiting on third party"];

    /// <summary>A custom or translated status must not drop a resolution; from the reopen rule it reads as a duplicate, which changes nothing.</summary>
    protected override StatusMeaning UnlistedStatus => StatusMeaning.Resolution;

    public override void Validate(HelpdeskConfig config, CsatFunctions.Settings.SettingsReader settings) =>
        FreshworksNotes.Validate(config, settings, "https://acme.freshdesk.com");

    public override string? CheckAuthenticity(string secret, IHeaderDictionary headers, ReadOnlySpan<byte> body, DateTimeOffset now) =>
        SharedSecretHeader.Check(secret, headers);

    public override string? DeliveryId(IHeaderDictionary headers, ReadOnlyMemory<byte> body) => null;
}
