using System.Security.Cryptography;
using System.Text.Json;
using CsatFunctions.Tickets;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Helpdesks.Jira;

/// <summary>
/// Jira Service Management (Jira Cloud admin webhooks with a secret): <c>X-Hub-Signature:
/// sha256=&lt;hex HMAC-SHA256(secret, raw body)&gt;</c>. A <c>jira:issue_updated</c> event whose
/// changelog sets a resolution is a resolved ticket; one whose changelog clears it (a reopening
/// transition, as Atlassian advises workflows to do) is the reopen signal; the issue key is the ticket id. A reporter
/// whose email Atlassian hides (their profile privacy) cannot be surveyed, and the answer says so.
/// </summary>
public sealed class JiraFormat : HelpdeskFormat
{
    public override string Name => "jira";

    public override string? LegacySecretSetting => "Csat__JiraSecret";

    public override IReadOnlyList<string> Settings =>
        [ApiCredentials.ApiUrl, JiraNotes.ApiUser, JiraNotes.ApiToken, JiraNotes.BottomTag, JiraNotes.BottomTransition];

    public override Notes.HelpdeskNoteWriter Notes { get; } = new JiraNotes();

    public override void Validate(HelpdeskConfig config, CsatFunctions.Settings.SettingsReader settings)
    {
        ApiCredentials.Validate(config, settings, "https://acme.atlassian.net", JiraNotes.ApiUser, JiraNotes.ApiToken);
        if (config[JiraNotes.ApiUser] is { } user)
        {
            settings.Require(user.Contains('@', StringComparison.Ordinal), $"{HelpdeskSettings.Key(Name, JiraNotes.ApiUser)} must be the email address of the Atlassian account the API token belongs to.");
        }

        if (config[JiraNotes.BottomTag] is { } label)
        {
            settings.Require(
                label.Length <= 255 && !label.Any(char.IsWhiteSpace),
                $"{HelpdeskSettings.Key(Name, JiraNotes.BottomTag)} must be one Jira label: no spaces, at most 255 characters, such as csat-follow-up.");
        }

        if (config[JiraNotes.BottomTransition] is { } transition)
        {
            settings.Require(
                transition.Length <= 18 && transition.All(char.IsAsciiDigit),
                $"{HelpdeskSettings.Key(Name, JiraNotes.BottomTransition)} must be a workflow transition id, such as 21 (GET /rest/api/3/issue/{{key}}/transitions lists them).");
        }
    }

    public override string? CheckAuthenticity(string secret, IHeaderDictionary headers, ReadOnlySpan<byte> body, DateTimeOffset now) =>
        SameHex(HMACSHA256.HashData(Utf8(secret), body), headers["X-Hub-Signature"].ToString(), "sha256=")
            ? null
            : "The X-Hub-Signature header is missing or does not match the body under the configured secret.";

    public override string? DeliveryId(IHeaderDictionary headers, ReadOnlyMemory<byte> body) =>
        headers["X-Atlassian-Webhook-Identifier"].ToString() is { Length: > 0 } id ? id : null;

    public override HelpdeskReading Read(HelpdeskConfig config, IHeaderDictionary headers, ReadOnlyMemory<byte> body, DateTimeOffset now)
    {
        using var document = Parse(body, out var failure);
        if (document is null)
        {
            return failure!;
        }

        var root = document.RootElement;
        if (Text(root, "webhookEvent") != "jira:issue_updated")
        {
            return HelpdeskReading.Ignored($"Only jira:issue_updated events are surveyed, not {Text(root, "webhookEvent") ?? "an event without webhookEvent"}.");
        }

        var resolution = ResolutionChange(root);
        if (resolution is null)
        {
            return HelpdeskReading.Ignored("The update neither resolves nor reopens the issue.");
        }

        if (!root.TryGetProperty("issue", out var issue) || Text(issue, "key") is not { } key)
        {
            return HelpdeskReading.Invalid("issue.key", "Required: the issue key, such as HELP-12.");
        }

        if (resolution == false)
        {
            return Reopen(key, ChangedAt(root), now);
        }

        return Reading(
            new TicketFields(
                key,
                Text(issue, "fields", "reporter", "emailAddress"),
                Text(issue, "fields", "reporter", "displayName"),
                Text(issue, "fields", "summary"),
                Text(issue, "fields", "assignee", "displayName"),
                "jira",
                Text(issue, "fields", "resolutiondate"))
            {
                NoEmailBecause = $"Issue {key} has no reporter email address in the webhook: Atlassian hides it when the reporter's profile keeps their email private. " +
                    "The ticket is counted as not surveyed; make the email visible to the webhook's owner to survey such tickets.",
            },
            now);
    }

    /// <returns>True when the changelog sets a resolution, false when it clears one (the issue is reopened), null when it leaves it alone.</returns>
    private static bool? ResolutionChange(JsonElement root)
    {
        if (!root.TryGetProperty("changelog", out var changelog) || !changelog.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var item = items.EnumerateArray().FirstOrDefault(item => Text(item, "field") == "resolution");
        return item.ValueKind != JsonValueKind.Object ? null
            : Text(item, "to") is not null ? true
            : Text(item, "from") is not null ? false
            : null;
    }

    /// <summary>The event's <c>timestamp</c>, milliseconds since the epoch, as an ISO 8601 time; null when absent.</summary>
    private static string? ChangedAt(JsonElement root) =>
        root.TryGetProperty("timestamp", out var timestamp) && timestamp.ValueKind == JsonValueKind.Number && timestamp.TryGetInt64(out var milliseconds)
            && milliseconds is > 0 and < 253402300799999
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).ToString("O", System.Globalization.CultureInfo.InvariantCulture)
            : null;
}
