using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Helpdesks.Freshdesk;

/// <summary>
/// Freshdesk automation webhooks, which Freshdesk does not sign: the rule sends the configured secret
/// in an <c>X-Csat-Secret</c> header (<see cref="SharedSecretHeader"/>).
/// </summary>
public sealed class FreshdeskFormat : GenericBodyFormat
{
    public override string Name => "freshdesk";

    public override string? LegacySecretSetting => "Csat__FreshdeskSecret";

    public override IReadOnlyList<string> Settings => FreshworksNotes.Settings;

    public override Notes.HelpdeskNoteWriter Notes { get; } = new FreshdeskNotes();

    protected override IReadOnlyList<string> ResolvedStatuses { get; } = ["resolved", "closed"];

    public override void Validate(HelpdeskConfig config, CsatFunctions.Settings.SettingsReader settings) =>
        FreshworksNotes.Validate(config, settings, "https://acme.freshdesk.com");

    public override string? CheckAuthenticity(string secret, IHeaderDictionary headers, ReadOnlySpan<byte> body, DateTimeOffset now) =>
        SharedSecretHeader.Check(secret, headers);

    public override string? DeliveryId(IHeaderDictionary headers, ReadOnlyMemory<byte> body) => null;
}
