using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Helpdesks.Freshservice;

/// <summary>
/// Freshservice Workflow Automator webhooks, which Freshservice does not sign: the workflow's
/// <i>Trigger Webhook</i> action posts the generic JSON plus <c>status</c>, written with
/// Freshservice's placeholders, and sends the configured secret in an <c>X-Csat-Secret</c> header
/// (<see cref="SharedSecretHeader"/>), as Freshdesk's rule does. The documented workflows send a
/// literal status (<c>resolved</c>, <c>reopened</c>); a body with <c>{{ticket.status}}</c> reads
/// Freshservice's own open statuses as a reopen and any other (a custom or translated one) as a resolution.
/// </summary>
public sealed class FreshserviceFormat : GenericBodyFormat
{
    public override string Name => "freshservice";

    public override IReadOnlyList<string> Settings => FreshworksNotes.Settings;

    public override Notes.HelpdeskNoteWriter Notes { get; } = new FreshserviceNotes();

    /// <summary>Freshservice's resolved statuses, by the name <c>{{ticket.status}}</c> gives and by their ids (4 Resolved, 5 Closed) as its API gives them.</summary>
    protected override IReadOnlyList<string> ResolvedStatuses { get; } = ["resolved", "closed", "4", "5"];

    /// <summary>Freshservice's default open statuses, by name and by id (2 Open, 3 Pending).</summary>
    protected override IReadOnlyList<string> OpenStatuses { get; } = ["open", "pending", "2", "3"];

    /// <summary>A custom or translated status must not drop a resolution; from the reopen workflow it reads as a duplicate, which changes nothing.</summary>
    protected override StatusMeaning UnlistedStatus => StatusMeaning.Resolution;

    public override void Validate(HelpdeskConfig config, CsatFunctions.Settings.SettingsReader settings) =>
        FreshworksNotes.Validate(config, settings, "https://acme.freshservice.com");

    public override string? CheckAuthenticity(string secret, IHeaderDictionary headers, ReadOnlySpan<byte> body, DateTimeOffset now) =>
        SharedSecretHeader.Check(secret, headers);

    /// <summary>Freshservice sends no delivery id; the ticket id dedupes.</summary>
    public override string? DeliveryId(IHeaderDictionary headers, ReadOnlyMemory<byte> body) => null;
}
