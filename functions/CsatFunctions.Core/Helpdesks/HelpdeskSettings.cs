using CsatFunctions.Settings;
using Microsoft.Extensions.Configuration;

namespace CsatFunctions.Helpdesks;

/// <summary>
/// Every helpdesk's settings, by one convention: <c>Csat__Helpdesks__{name}__{setting}</c>, with the
/// name as in the helpdesk's route (and <c>generic</c> for the generic route's tickets). The keys from
/// before the convention (<c>Csat__ZendeskSecret</c>, <c>Csat__TicketUrlTemplates__{source}</c>,
/// <c>Csat__TicketUrlTemplate</c>) keep working; where both are set, the convention's wins.
/// </summary>
public static class HelpdeskSettings
{
    /// <summary>The webhook's shared secret (or signing key).</summary>
    public const string Secret = "Secret";

    /// <summary>The desk's link to a ticket, with <c>{ticketId}</c> where the id goes.</summary>
    public const string TicketUrl = "TicketUrl";

    /// <summary>The source of the generic route's tickets, which has a ticket link but no secret of its own here.</summary>
    public const string Generic = "generic";

    public static string Key(string helpdesk, string setting) => $"Csat__Helpdesks__{helpdesk}__{setting}";

    /// <summary>
    /// Each helpdesk with any setting, by its name: its secret within what that helpdesk accepts (a
    /// short one is allowed where the helpdesk allows it, with a warning), and its own settings as its
    /// <see cref="HelpdeskFormat.Validate"/> checks them.
    /// </summary>
    public static Dictionary<string, HelpdeskConfig> Configs(SettingsReader settings)
    {
        var configs = new Dictionary<string, HelpdeskConfig>(StringComparer.OrdinalIgnoreCase);
        foreach (var helpdesk in HelpdeskFormats.All)
        {
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (helpdesk.UsesSecret && SecretOf(helpdesk, settings) is { } secret)
            {
                values[Secret] = secret;
            }

            foreach (var setting in Read(helpdesk))
            {
                if (settings.Text(Key(helpdesk.Name, setting)) is { } value)
                {
                    values[setting] = value;
                }
            }

            if (values.Count > 0)
            {
                var config = new HelpdeskConfig(helpdesk.Name, values);
                helpdesk.Validate(config, settings);
                Notes.WriteBackSettings.Validate(helpdesk, config, settings);
                configs[helpdesk.Name] = config;
            }
        }

        return configs;
    }

    private static string? SecretOf(HelpdeskFormat helpdesk, SettingsReader settings)
    {
        var key = settings.Text(helpdesk.SecretSetting) is null && helpdesk.LegacySecretSetting is { } legacy ? legacy : helpdesk.SecretSetting;
        if (settings.Text(key) is not { } secret)
        {
            return null;
        }

        var longest = helpdesk.MaximumSecretLength is { } maximum ? $" and at most {maximum}" : "";
        if (!settings.Require(
            secret.Length >= helpdesk.MinimumSecretLength && secret.Length <= (helpdesk.MaximumSecretLength ?? int.MaxValue) && !secret.Any(char.IsControl),
            $"{key} must be at least {helpdesk.MinimumSecretLength}{longest} characters on one line (a long random string)."))
        {
            return null;
        }

        if (secret.Length < HelpdeskFormat.StrongSecretLength)
        {
            settings.Warnings.Add($"{key} is shorter than {HelpdeskFormat.StrongSecretLength} characters, which is easy to guess: set a longer random one{longest} in the helpdesk and here.");
        }

        return secret;
    }

    /// <summary>The settings a helpdesk reads besides its secret: its own, and write-back's.</summary>
    private static IEnumerable<string> Read(HelpdeskFormat format) =>
        format.Settings.Concat(Notes.WriteBackSettings.Keys(format)).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>The settings a helpdesk reads, for the warning about any other.</summary>
    private static IEnumerable<string> Known(string name) =>
        HelpdeskFormats.Find(name) is { } format
            ? (format.UsesSecret ? [Secret] : Enumerable.Empty<string>()).Concat(Read(format)).Append(TicketUrl)
            : [TicketUrl];

    /// <summary>
    /// The ticket link of each source (an absolute http or https URL with <c>{ticketId}</c>): by the
    /// convention, or by the older <c>Csat__TicketUrlTemplates__{source}</c>; the key "" is
    /// <c>Csat__TicketUrlTemplate</c>, for every source without one. Also refuses a name under
    /// <c>Csat__Helpdesks</c> that is no helpdesk, and warns of a setting no helpdesk reads.
    /// </summary>
    public static Dictionary<string, string> TicketUrls(SettingsReader settings, IConfiguration configuration)
    {
        var names = HelpdeskFormats.All.Select(format => format.Name).Append(Generic).ToList();
        foreach (var helpdesk in configuration.GetSection("Csat:Helpdesks").GetChildren())
        {
            if (!settings.Require(names.Contains(helpdesk.Key, StringComparer.OrdinalIgnoreCase), $"Csat__Helpdesks__{helpdesk.Key} names no helpdesk: use one of {string.Join(", ", names)}."))
            {
                continue;
            }

            var known = Known(helpdesk.Key).ToList();
            foreach (var unknown in helpdesk.GetChildren().Where(setting => !known.Contains(setting.Key, StringComparer.OrdinalIgnoreCase)))
            {
                settings.Warnings.Add($"{Key(helpdesk.Key, unknown.Key)} is not read: {helpdesk.Key}'s settings are {string.Join(", ", known)}.");
            }
        }

        var older = configuration.GetSection("Csat:TicketUrlTemplates").GetChildren().Select(child => (Source: child.Key.ToLowerInvariant(), Key: $"Csat__TicketUrlTemplates__{child.Key}"));
        var current = names.Select(name => (Source: name, Key: Key(name, TicketUrl)));
        var templates = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (source, key) in older.Prepend(("", "Csat__TicketUrlTemplate")).Concat(current))
        {
            if (settings.Text(key) is { } template
                && settings.Require(
                    template.Contains("{ticketId}", StringComparison.Ordinal) && Uri.TryCreate(template.Replace("{ticketId}", "1", StringComparison.Ordinal), UriKind.Absolute, out var url) && url.Scheme is "http" or "https",
                    $"{key} must be an absolute http or https URL with {{ticketId}} where the ticket's id goes, such as https://acme.zendesk.com/agent/tickets/{{ticketId}}."))
            {
                templates[source] = template;
            }
        }

        return templates;
    }
}
