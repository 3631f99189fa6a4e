using System.Text.Json;
using CsatFunctions.Settings;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Helpdesks.ConnectWise;

/// <summary>
/// ConnectWise PSA callbacks (<c>POST /system/callbacks</c>, type <c>ticket</c>): each save of a
/// ticket posts <c>{MessageId, Action, Type, ID, Entity, Metadata: {key_url}…}</c>, signed with the key
/// at <c>key_url</c> (<see cref="ConnectWiseSigningKeys"/>). A callback whose <c>Entity</c> shows an
/// open ticket is the reopen signal, read without calling the API; any other is queued and the ticket read from the
/// REST API afterwards (<see cref="ConnectWiseTickets"/>), for its contact's email and the rest.
/// </summary>
public sealed class ConnectWiseFormat : HelpdeskFormat
{
    public const string ApiUrl = ApiCredentials.ApiUrl;
    public const string CompanyId = "CompanyId";
    public const string PublicKey = "PublicKey";
    public const string PrivateKey = "PrivateKey";
    public const string ClientId = "ClientId";
    public const string KeyUrlOrigin = "KeyUrlOrigin";
    public const string ClosedStatuses = "ClosedStatuses";

    /// <summary>The status a bottom-of-scale answer's ticket is set to, by name or id, when its note is written back.</summary>
    public const string BottomStatus = "BottomStatus";
    public const string SignatureHeader = "x-content-signature";

    private static readonly string[] Required = [ApiUrl, CompanyId, PublicKey, PrivateKey, ClientId];

    private readonly ConnectWiseSigningKeys signingKeys = new();

    public override string Name => "connectwise";

    public override bool UsesSecret => false;

    public override IReadOnlyList<string> Settings { get; } = [ApiUrl, CompanyId, PublicKey, PrivateKey, ClientId, KeyUrlOrigin, ClosedStatuses, BottomStatus];

    public override void Validate(HelpdeskConfig config, SettingsReader settings)
    {
        string Key(string setting) => HelpdeskSettings.Key(Name, setting);
        settings.Require(config[ApiUrl] is null || IsWebUrl(config[ApiUrl]!), $"{Key(ApiUrl)} must be the REST API's absolute URL, such as https://api-na.myconnectwise.net/v4_6_release/apis/3.0.");
        settings.Require(config[KeyUrlOrigin] is null || (IsWebUrl(config[KeyUrlOrigin]!) && new Uri(config[KeyUrlOrigin]!).AbsolutePath == "/"), $"{Key(KeyUrlOrigin)} must be a scheme, host and optional port only, such as https://api-na.myconnectwise.net.");
        foreach (var credential in new[] { CompanyId, PublicKey })
        {
            settings.Require(config[credential] is not { } value || !value.Any(c => c == ':' || char.IsWhiteSpace(c) || char.IsControl(c)), $"{Key(credential)} must be one word without ':' as ConnectWise shows it, such as acme.");
        }

        settings.Require(config[ClientId] is null || Guid.TryParse(config[ClientId], out _), $"{Key(ClientId)} must be the integration's clientId from developer.connectwise.com, a GUID such as 0b8e2f6a-1c3d-4e5f-9a7b-2c4d6e8f0a1b.");
        settings.Require(config[PrivateKey] is null || !config[PrivateKey]!.Any(char.IsControl), $"{Key(PrivateKey)} must be the API member's private key on one line.");
        settings.Require(config[BottomStatus] is not { } bottom || !bottom.Any(char.IsControl), $"{Key(BottomStatus)} must be a status name on one line, or a status id, such as Customer Feedback or 42.");

        // Half a configuration would start and refuse every callback, until ConnectWise gives up on it.
        foreach (var missing in Required.Where(setting => config[setting] is null))
        {
            settings.Require(false, $"{Key(missing)} must be set too: ConnectWise's callbacks are verified and read with {string.Join(", ", Required)} together.");
        }
    }

    public override string? NotConfiguredBecause(HelpdeskConfig config) =>
        Required.Where(setting => config[setting] is null).ToList() is { Count: > 0 } missing
            ? $"Callbacks from {Name} are refused until {string.Join(", ", missing.Select(setting => HelpdeskSettings.Key(Name, setting)))} are configured."
            : null;

    public override async ValueTask<HelpdeskRefusal?> CheckAuthenticityAsync(HelpdeskCall call, IHeaderDictionary headers, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var signature = headers[SignatureHeader].ToString();
        if (signature.Length == 0)
        {
            return HelpdeskRefusal.NotAuthentic($"The {SignatureHeader} header is required.");
        }

        var (keyUrl, companyId) = KeyUrlAndCompany(body);
        if (keyUrl is null)
        {
            return HelpdeskRefusal.NotAuthentic("The callback names no Metadata.key_url to verify its signature with.");
        }

        // Every ConnectWise company's callbacks come from the same hosts: one that names another
        // company is not ours, whoever signed it.
        if (companyId is not null && !string.Equals(companyId, call.Config[CompanyId], StringComparison.OrdinalIgnoreCase))
        {
            return HelpdeskRefusal.NotAuthentic($"The callback is for another ConnectWise company than {HelpdeskSettings.Key(Name, CompanyId)}.");
        }

        var trusted = call.Config.Url(KeyUrlOrigin) ?? call.Config.Url(ApiUrl)!;
        if (keyUrl.Scheme != trusted.Scheme || !string.Equals(keyUrl.IdnHost, trusted.IdnHost, StringComparison.OrdinalIgnoreCase) || keyUrl.Port != trusted.Port || keyUrl.UserInfo.Length > 0)
        {
            // The URL is the sender's word: anything but the configured site is never requested.
            return HelpdeskRefusal.NotAuthentic($"The callback's key URL is not at the configured ConnectWise site ({HelpdeskSettings.Key(Name, KeyUrlOrigin)}).");
        }

        return await signingKeys.VerifyAsync(call, keyUrl, signature, body, cancellationToken);
    }

    /// <summary>ConnectWise puts its delivery id (<c>MessageId</c>) in the body, not a header; intake's per-ticket dedupe covers its retries.</summary>
    public override string? DeliveryId(IHeaderDictionary headers, ReadOnlyMemory<byte> body) => null;

    public override HelpdeskReading Read(HelpdeskConfig config, IHeaderDictionary headers, ReadOnlyMemory<byte> body, DateTimeOffset now)
    {
        using var document = Parse(body, out var failure);
        if (document is null)
        {
            return failure!;
        }

        var root = document.RootElement;
        if (Text(root, "Type") is not { } type || !type.Equals("ticket", StringComparison.OrdinalIgnoreCase))
        {
            return HelpdeskReading.Ignored("Only ticket callbacks are surveyed.");
        }

        if (Text(root, "ID") is not { } ticketId || !ConnectWiseTickets.IsId(ticketId))
        {
            return HelpdeskReading.Invalid("ID", "Required: the ticket's id, a number such as 1042.");
        }

        if (string.Equals(Text(root, "Action"), "deleted", StringComparison.OrdinalIgnoreCase))
        {
            return HelpdeskReading.Ignored("The ticket was deleted.");
        }

        // ConnectWise calls back on every save of every ticket: one whose own copy says it is open is
        // the reopen signal (cancelling nothing unless its survey waits) and costs no API call.
        // Anything less clear is read from the API, which has the last word.
        if (EntityShowsOpen(root, config, out var savedAt))
        {
            return Reopen(ticketId, savedAt, now);
        }

        // Nothing else is kept: the API is read after the answer and is fresher than this copy.
        return HelpdeskReading.ToLookUp(Name, ticketId, now);
    }

    public override Notes.HelpdeskNoteWriter Notes { get; } = new ConnectWiseNotes();

    public override Task<HelpdeskReading> LookUpAsync(HelpdeskLookupMessage lookup, HelpdeskCall call, CancellationToken cancellationToken) =>
        ConnectWiseTickets.ReadAsync(lookup, call, cancellationToken);

    /// <returns>Whether the callback's copy of the ticket clearly shows it open; <paramref name="savedAt"/> is its <c>_info.lastUpdated</c>, the save.</returns>
    private static bool EntityShowsOpen(JsonElement root, HelpdeskConfig config, out string? savedAt)
    {
        savedAt = null;
        if (!root.TryGetProperty("Entity", out var entity))
        {
            return false;
        }

        try
        {
            using var parsed = entity.ValueKind == JsonValueKind.String ? JsonDocument.Parse(entity.GetString()!) : null;
            var ticket = parsed?.RootElement ?? entity;
            var open = ticket.ValueKind == JsonValueKind.Object
                && ticket.TryGetProperty("closedFlag", out var closedFlag) && closedFlag.ValueKind is JsonValueKind.False or JsonValueKind.True
                && (config[ClosedStatuses] is null || Text(ticket, "status", "name") is not null)
                && !ConnectWiseTickets.IsClosed(closedFlag.GetBoolean(), Text(ticket, "status", "name"), config);
            savedAt = open ? Text(ticket, "_info", "lastUpdated") : null;
            return open;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // A copy that does not parse (or holds a lone escaped surrogate) is not clear: the API decides.
            return false;
        }
    }

    /// <returns>The callback's <c>Metadata.key_url</c> when it is an http(s) URL, and its <c>CompanyId</c>; nulls when absent.</returns>
    private static (Uri? KeyUrl, string? CompanyId) KeyUrlAndCompany(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            var keyUrl = Text(document.RootElement, "Metadata", "key_url") is { } text
                && Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "https" or "http"
                ? url
                : null;
            return (keyUrl, Text(document.RootElement, "CompanyId"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static bool IsWebUrl(string text) => Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "https" or "http";
}
