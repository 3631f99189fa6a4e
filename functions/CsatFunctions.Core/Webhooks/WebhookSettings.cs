using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CsatFunctions.Settings;
using CsatFunctions.Tickets;
using Microsoft.Extensions.Configuration;

namespace CsatFunctions.Webhooks;

/// <summary>
/// Reads the outgoing webhooks' settings: <c>Csat__Webhooks__{name}__Url</c> and <c>__Secret</c>
/// (both, for each endpoint), optionally <c>__Events</c>; and <c>Csat__WebhookRetryDelays</c> and
/// <c>Csat__WebhookTimeout</c> for all of them. One line per bad key, never a value.
/// </summary>
public static partial class WebhookSettings
{
    public const string RetryDelaysKey = "Csat__WebhookRetryDelays";
    public const string TimeoutKey = "Csat__WebhookTimeout";

    private static readonly string[] Known = ["Url", "Secret", "Events"];

    public static string Key(string name, string setting) => $"Csat__Webhooks__{name}__{setting}";

    /// <param name="isDevelopment">Development also allows plain http to any host; elsewhere only a loopback address may be plain http.</param>
    public static WebhookOptions Read(SettingsReader settings, IConfiguration configuration, bool isDevelopment)
    {
        var endpoints = new List<WebhookEndpoint>();
        foreach (var section in configuration.GetSection("Csat:Webhooks").GetChildren())
        {
            if (Endpoint(settings, section, isDevelopment) is { } endpoint)
            {
                endpoints.Add(endpoint);
            }
        }

        var delays = RetryDelays(settings);
        if (endpoints.Count > 0 && WebhookRetrySchedule.Span(delays) < WebhookOptions.LeastRetrySpan)
        {
            settings.Warnings.Add($"{RetryDelaysKey} spans less than 24 hours: a receiver down for a day loses events to the poison queue (replayable) sooner than the contract allows.");
        }

        var timeout = settings.Time(TimeoutKey, WebhookOptions.DefaultTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30), $"{TimeoutKey} must be a time span from 00:00:00.1 to 00:00:30 (Standard Webhooks recommends 15 to 30 seconds).");
        return new WebhookOptions(endpoints, delays, timeout);
    }

    private static WebhookEndpoint? Endpoint(SettingsReader settings, IConfigurationSection section, bool isDevelopment)
    {
        var name = section.Key;
        if (!settings.Require(NamePattern().IsMatch(name), $"Csat__Webhooks__{name} must be named with 1 to 40 letters, digits, hyphens or underscores, such as Csat__Webhooks__crm__Url."))
        {
            return null;
        }

        foreach (var unknown in section.GetChildren().Where(setting => !Known.Contains(setting.Key, StringComparer.OrdinalIgnoreCase)))
        {
            settings.Warnings.Add($"{Key(name, unknown.Key)} is not read: an outgoing webhook's settings are Url, Secret and Events.");
        }

        var urlText = settings.Text(Key(name, "Url"));
        var secretText = settings.Text(Key(name, "Secret"));
        var urlValid = settings.Require(
            urlText is not null && Uri.TryCreate(urlText, UriKind.Absolute, out var parsed) && parsed.UserInfo.Length == 0 && (parsed.Scheme == "https" || (parsed.Scheme == "http" && (isDevelopment || IsLoopback(parsed)))),
            $"{Key(name, "Url")} must be an absolute https URL (plain http only to a loopback address, or in Development), such as https://crm.example.com/hooks/csat; it goes with {Key(name, "Secret")}.");
        WebhookSecret? secret = null;
        var secretValid = settings.Require(
            WebhookSecret.TryParse(secretText, out secret),
            $"{Key(name, "Secret")} must be whsec_ followed by the base64 of 24 to 64 random bytes (the receiver verifies with the same one); it goes with {Key(name, "Url")}.");
        var events = Events(settings, name);
        return urlValid && secretValid && events is not null ? new WebhookEndpoint(name, new Uri(urlText!), secret!, events) : null;
    }

    private static HashSet<string>? Events(SettingsReader settings, string name)
    {
        if (settings.Text(Key(name, "Events")) is not { } text)
        {
            return [.. WebhookEventTypes.All];
        }

        var events = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        return settings.Require(events.Count > 0 && events.All(WebhookEventTypes.All.Contains), $"{Key(name, "Events")} must be a comma-separated list of {string.Join(", ", WebhookEventTypes.All)}, or unset for all of them.")
            ? events
            : null;
    }

    private static IReadOnlyList<TimeSpan> RetryDelays(SettingsReader settings)
    {
        if (settings.Text(RetryDelaysKey) is not { } text)
        {
            return WebhookOptions.DefaultRetryDelays;
        }

        var delays = new List<TimeSpan>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!TimeSpan.TryParse(part, CultureInfo.InvariantCulture, out var delay) || delay < TimeSpan.Zero || delay > MaxDelay)
            {
                settings.Require(false, $"{RetryDelaysKey} must be a comma-separated list of 1 to 20 time spans, each at most 6.00:00:00 (a queue message's longest wait), such as 00:00:05,00:05:00,00:30:00,02:00:00,05:00:00,10:00:00,10:00:00.");
                return WebhookOptions.DefaultRetryDelays;
            }

            delays.Add(delay);
        }

        return settings.Require(delays.Count is >= 1 and <= 20, $"{RetryDelaysKey} must list 1 to 20 time spans.") ? delays : WebhookOptions.DefaultRetryDelays;
    }

    /// <summary>Below the queue's 7-day limit on a message's wait, with room for a Retry-After on top.</summary>
    private static TimeSpan MaxDelay => TimeSpan.FromDays(6);

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex NamePattern();
}
