using System.Text.Json;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Helpdesks.Autotask;

/// <summary>
/// Datto Autotask PSA ticket webhooks (the REST API's <c>TicketWebhooks</c>): a callout names the
/// ticket and the fields that changed, signed in <c>X-Hook-Signature</c> (<see cref="AutotaskSignature"/>).
/// A callout whose fields carry a status that is not complete is the reopen signal, read then and
/// there; any other ticket callout is answered 202 and the ticket is read from the REST API afterwards
/// (<see cref="AutotaskTicketLookup"/>), where its status decides (not complete: reopened). Autotask's
/// built-in Complete (5) is never a reopen, even when <c>CompleteStatuses</c> lists only others.
/// </summary>
public sealed class AutotaskFormat : HelpdeskFormat
{
    public const string CompleteStatuses = "CompleteStatuses";

    /// <summary>Autotask's built-in Complete status.</summary>
    public const string Complete = "5";

    public const string CompleteNotListed = "The ticket's status is Autotask's Complete (5), which CompleteStatuses does not list: neither resolved here nor reopened.";

    /// <summary>The ticket note type (a <c>noteType</c> picklist id) of a written-back answer.</summary>
    public const string NoteType = "NoteType";

    /// <summary>The written-back note's <c>publish</c> picklist id: who in Autotask may see it.</summary>
    public const string NotePublish = "NotePublish";

    /// <summary>The ticket status id a bottom-of-scale answer's ticket is set to.</summary>
    public const string BottomStatus = "BottomStatus";

    public const string DefaultNoteType = "1";

    /// <summary>The <c>publish</c> picklist's "Internal Users Only"; 1, "All Autotask Users", also reaches an outsourced copy of the ticket.</summary>
    public const string InternalOnly = "2";

    public override string Name => "autotask";

    public override IReadOnlyList<string> Settings { get; } =
        [AutotaskApi.ApiUrl, AutotaskApi.ApiIntegrationCode, AutotaskApi.ApiUser, AutotaskApi.ApiSecret, CompleteStatuses, NoteType, NotePublish, BottomStatus];

    /// <summary>Autotask takes a secret key of up to 64 characters and only recommends ten or more, so we take any it does (warned under 16).</summary>
    public override int MinimumSecretLength => 1;

    public override int? MaximumSecretLength => 64;

    public override void Validate(HelpdeskConfig config, CsatFunctions.Settings.SettingsReader settings)
    {
        settings.Require(
            config[AutotaskApi.ApiUrl] is null || config.Url(AutotaskApi.ApiUrl) is { Scheme: "http" or "https", Query.Length: 0 },
            $"{HelpdeskSettings.Key(Name, AutotaskApi.ApiUrl)} must be your zone's REST API URL, such as https://webservices5.autotask.net/atservicesrest/v1.0.");
        settings.Require(
            StatusesOf(config).All(status => AutotaskTicketLookup.AutotaskId(status) is not null),
            $"{HelpdeskSettings.Key(Name, CompleteStatuses)} must be ticket status ids separated by commas, such as 5 (Complete).");

        foreach (var picklist in new[] { NoteType, NotePublish, BottomStatus })
        {
            settings.Require(config[picklist] is null || AutotaskTicketLookup.AutotaskId(config[picklist]) is not null, $"{HelpdeskSettings.Key(Name, picklist)} must be a picklist id, a whole number such as 1 (see GET /TicketNotes/entityInformation/fields or /Tickets/entityInformation/fields).");
        }

        // Half a configuration would start and refuse every callout, until Autotask turns the webhook off.
        foreach (var missing in Required.Where(setting => config[setting] is null))
        {
            settings.Require(false, $"{HelpdeskSettings.Key(Name, missing)} must be set too: Autotask's webhooks are verified and read with {string.Join(", ", Required)} together.");
        }
    }

    private static readonly string[] Required = [HelpdeskSettings.Secret, AutotaskApi.ApiUrl, AutotaskApi.ApiIntegrationCode, AutotaskApi.ApiUser, AutotaskApi.ApiSecret];

    /// <summary>Every callout may need the REST API, so the pipeline takes none until it can read tickets.</summary>
    public override string? NotConfiguredBecause(HelpdeskConfig config)
    {
        var missing = Required
            .Where(setting => config[setting] is null)
            .Select(setting => HelpdeskSettings.Key(Name, setting))
            .ToList();
        return missing.Count == 0 ? null : $"Webhooks from {Name} are refused until {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} configured.";
    }

    public override Notes.HelpdeskNoteWriter Notes { get; } = new AutotaskNotes();

    public override string? CheckAuthenticity(string secret, IHeaderDictionary headers, ReadOnlySpan<byte> body, DateTimeOffset now) =>
        AutotaskSignature.Matches(secret, headers[AutotaskSignature.Header].ToString(), body)
            ? null
            : $"The {AutotaskSignature.Header} header is missing or does not match the body under the configured secret key.";

    /// <summary>
    /// Autotask puts nothing about the delivery in its headers. The webhook's <c>Guid</c> (the same on every callout of one webhook), the ticket's <c>Id</c>
    /// and the callout's <c>SequenceNumber</c>: together one event, the same on Autotask's retries of it.
    /// </summary>
    public override string? DeliveryId(IHeaderDictionary headers, ReadOnlyMemory<byte> body)
    {
        using var document = Parse(body, out _);
        return document is not null && Text(document.RootElement, "Guid") is { } guid && Text(document.RootElement, "Id") is { } id && Text(document.RootElement, "SequenceNumber") is { } sequence
            ? $"{guid}/{id}/{sequence}"
            : null;
    }

    public override HelpdeskReading Read(HelpdeskConfig config, IHeaderDictionary headers, ReadOnlyMemory<byte> body, DateTimeOffset now)
    {
        using var document = Parse(body, out var failure);
        if (document is null)
        {
            return failure!;
        }

        var callout = document.RootElement;
        var entity = Text(callout, "EntityType");
        if (!string.Equals(entity, "Ticket", StringComparison.OrdinalIgnoreCase) && !string.Equals(entity, "Tickets", StringComparison.OrdinalIgnoreCase))
        {
            return HelpdeskReading.Ignored($"Only ticket callouts are surveyed, not {entity ?? "one without an EntityType"}.");
        }

        var action = Text(callout, "Action");
        if (!string.Equals(action, "Update", StringComparison.OrdinalIgnoreCase) && !string.Equals(action, "Create", StringComparison.OrdinalIgnoreCase))
        {
            return HelpdeskReading.Ignored($"A ticket's {action ?? "unnamed"} callout is no resolution; only Create and Update are read.");
        }

        if (AutotaskTicketLookup.AutotaskId(Text(callout, "Id")) is not { } ticketId)
        {
            return HelpdeskReading.Invalid("Id", "Required: the ticket's Autotask id, a whole number such as 29683.");
        }

        var statuses = StatusesOf(config);
        if (StatusIn(callout) is { } status && !statuses.Contains(status, StringComparer.Ordinal))
        {
            // A status that is not complete is the reopen signal, timed by the callout's EventTime;
            // Autotask's own Complete never is, even where CompleteStatuses lists only another.
            return status == Complete ? HelpdeskReading.Ignored(CompleteNotListed) : Reopen(ticketId, Text(callout, "EventTime"), now);
        }

        return HelpdeskReading.ToLookUp(Name, ticketId, now);
    }

    public override async Task<HelpdeskReading> LookUpAsync(HelpdeskLookupMessage lookup, HelpdeskCall call, CancellationToken cancellationToken)
    {
        var (fields, open, ignoredBecause) = await new AutotaskTicketLookup(new AutotaskApi(call), StatusesOf(call.Config)).ReadAsync(lookup, cancellationToken);
        return open ? Reopen(lookup.TicketId, null, call.Time.GetUtcNow())
            : fields is null ? HelpdeskReading.Ignored(ignoredBecause!)
            : Reading(fields, call.Time.GetUtcNow());
    }

    private static IReadOnlyList<string> StatusesOf(HelpdeskConfig config) => config.List(CompleteStatuses, Complete);

    /// <summary>
    /// The status id among the callout's fields, when the webhook sends it (subscribed, or "display
    /// always"). Fields are keyed by name; a status that is no id (a label) or is missing is unknown,
    /// and the ticket is read from the API to decide.
    /// </summary>
    private static string? StatusIn(JsonElement callout)
    {
        if (!callout.TryGetProperty("Fields", out var fields) || fields.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var status = fields.EnumerateObject().FirstOrDefault(field => string.Equals(field.Name, "status", StringComparison.OrdinalIgnoreCase));
        return status.Value.ValueKind == JsonValueKind.Undefined ? null : AutotaskTicketLookup.AutotaskId(JsonText.Scalar(status.Value));
    }
}
