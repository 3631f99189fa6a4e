using System.Security.Cryptography;
using System.Text.Json;
using CsatFunctions.Tickets;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Helpdesks.HaloPsa;

/// <summary>
/// HaloPSA webhooks, which Halo does not sign: the webhook's Basic authentication
/// (<c>Authorization: Basic base64(user:password)</c>) is checked in constant time against
/// <c>User</c> and <c>Password</c>. Two bodies are read: Halo's own payload (the <c>ticket</c>
/// object) and a custom payload in the generic JSON plus <c>status</c>. A ticket whose status id or
/// name is one of <c>ClosedStatuses</c> (default Halo's Closed, id 9) is resolved; one with any other
/// status but Halo's Closed is the reopen signal.
/// </summary>
public sealed class HaloPsaFormat : HelpdeskFormat
{
    public const string User = "User";

    public const string Password = "Password";

    public const string ClosedStatuses = "ClosedStatuses";

    /// <summary>The API application's client credentials, for writing answers back (Halo's OAuth client credentials flow).</summary>
    public const string ClientId = "ClientId";

    public const string ClientSecret = "ClientSecret";

    /// <summary>The status id a bottom-of-scale answer's ticket is set to when its note is written back.</summary>
    public const string BottomStatus = "BottomStatus";

    /// <summary>Halo's built-in Closed status, by id and name: never a reopen, whatever <c>ClosedStatuses</c> lists.</summary>
    private static readonly string[] BuiltInClosed = ["9", "Closed"];

    public override string Name => "halopsa";

    public override bool UsesSecret => false;

    public override IReadOnlyList<string> Settings => [User, Password, ApiCredentials.ApiUrl, ClientId, ClientSecret, ClosedStatuses, BottomStatus];

    public override void Validate(HelpdeskConfig config, CsatFunctions.Settings.SettingsReader settings)
    {
        // RFC 7617: the user-id cannot hold a colon, as the first colon ends it.
        settings.Require(config[User] is not { } user || (!user.Contains(':', StringComparison.Ordinal) && !user.Any(char.IsControl)), $"{Key(User)} must be on one line without a colon.");
        settings.Require(config[Password] is not { } password || !password.Any(char.IsControl), $"{Key(Password)} must be on one line.");
        if (config[Password] is { Length: < StrongSecretLength })
        {
            settings.Warnings.Add($"{Key(Password)} is shorter than {StrongSecretLength} characters, which is easy to guess: set a longer random one in Halo's webhook and here.");
        }

        ApiCredentials.Validate(config, settings, "https://acme.halopsa.com/api", ClientId, ClientSecret);

        // The authorisation server is found beside the resource server, so the API's URL must be the resource server's.
        settings.Require(config.Url(ApiCredentials.ApiUrl) is not { } api || api.AbsolutePath.EndsWith("/api/", StringComparison.OrdinalIgnoreCase), $"{Key(ApiCredentials.ApiUrl)} must be Halo's resource server, ending in /api, such as https://acme.halopsa.com/api.");
        settings.Require(config[BottomStatus] is null || long.TryParse(config[BottomStatus], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _), $"{Key(BottomStatus)} must be a ticket status id, a whole number such as 2.");
        settings.Require(config[ClosedStatuses] is null || config.List(ClosedStatuses).Count > 0, $"{Key(ClosedStatuses)} must name at least one status id or name, such as 9 or Closed.");
    }

    public override string? NotConfiguredBecause(HelpdeskConfig config) =>
        config[User] is null || config[Password] is null
            ? $"Webhooks from {Name} are refused until {string.Join(" and ", new[] { User, Password }.Where(setting => config[setting] is null).Select(Key))} {(config[User] is null && config[Password] is null ? "are" : "is")} configured."
            : null;

    public override ValueTask<HelpdeskRefusal?> CheckAuthenticityAsync(HelpdeskCall call, IHeaderDictionary headers, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var header = headers.Authorization.ToString();
        var given = header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) ? Decoded(header["Basic ".Length..].Trim()) : null;
        var expected = Utf8($"{call.Config[User]}:{call.Config[Password]}");
        return ValueTask.FromResult(
            given is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(given), SHA256.HashData(expected))
                ? null
                : HelpdeskRefusal.NotAuthentic("The Authorization header is missing or does not carry the configured Basic authentication user and password."));
    }

    /// <summary>Halo sends no delivery id; the ticket id dedupes.</summary>
    public override string? DeliveryId(IHeaderDictionary headers, ReadOnlyMemory<byte> body) => null;

    public override HelpdeskReading Read(HelpdeskConfig config, IHeaderDictionary headers, ReadOnlyMemory<byte> body, DateTimeOffset now)
    {
        var closed = config.List(ClosedStatuses, "9", "Closed");
        using var document = Parse(body, out var failure);
        if (document is null)
        {
            return failure!;
        }

        var root = document.RootElement;
        var generic = root.TryGetProperty("ticketId", out _);
        var ticket = generic ? root : root.TryGetProperty("ticket", out var halo) && halo.ValueKind == JsonValueKind.Object ? halo : default;
        if (ticket.ValueKind != JsonValueKind.Object)
        {
            return HelpdeskReading.Invalid("ticket", "Required: Halo's ticket object, or the generic JSON with ticketId.");
        }

        // Halo sends a field's id or its display value, as the webhook is set (v2.178+): either matches.
        var status = generic ? new[] { Text(root, "status") } : new[] { Text(ticket, "status_id"), Text(ticket, "status_name"), Text(ticket, "status", "name") };
        if (status.All(value => value is null))
        {
            return HelpdeskReading.Ignored($"The ticket has no status: neither one of {string.Join(", ", closed)} nor reopened.");
        }

        if (!status.Any(value => value is not null && closed.Contains(value, StringComparer.OrdinalIgnoreCase)))
        {
            if (status.Any(value => value is not null && BuiltInClosed.Contains(value, StringComparer.OrdinalIgnoreCase)))
            {
                // Halo moves a resolved ticket on to Closed by itself: the end of the ticket, never a reopening.
                return HelpdeskReading.Ignored($"The ticket's status is Halo's Closed, not one of {string.Join(", ", closed)}: neither resolved here nor reopened.");
            }

            // Halo's payload is timed by the event's timestamp; a custom payload may carry reopenedAt.
            return generic ? Reopen(Text(root, "ticketId"), Text(root, "reopenedAt"), now) : Reopen(Text(ticket, "id"), Text(root, "timestamp"), now);
        }

        if (generic)
        {
            var (resolved, _, errors) = TicketEventReader.Read(body, now);
            return resolved is null ? HelpdeskReading.Invalid(errors) : HelpdeskReading.Resolved(resolved);
        }

        return Reading(
            new TicketFields(
                Text(ticket, "id"),
                Text(ticket, "user", "emailaddress"),
                Text(ticket, "user", "name") ?? Text(ticket, "user_name"),
                Text(ticket, "summary"),
                Text(ticket, "agent", "name") ?? Text(ticket, "agent_name"),
                null,
                // Halo's docs do not say that dateclosed moves when a reopened ticket closes again; the event's timestamp does.
                Later(Text(ticket, "dateclosed"), Text(root, "timestamp"), now))
            {
                Touchpoint = Text(ticket, "team"),
                Company = Text(ticket, "client_name") ?? Text(ticket, "client", "name"),
            },
            now);
    }

    public override Notes.HelpdeskNoteWriter Notes { get; } = new HaloPsaNotes();

    private string Key(string setting) => HelpdeskSettings.Key(Name, setting);

    /// <returns>The decoded credentials, or null when they are not base64.</returns>
    private static byte[]? Decoded(string base64)
    {
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var written) ? bytes[..written] : null;
    }
}
