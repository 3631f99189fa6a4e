using System.Globalization;
using System.Xml;
using CsatFunctions.Settings;

namespace CsatFunctions.Surveys.SendRules;

/// <summary>Reads and checks the send rules, one line per bad key.</summary>
public static class SendRuleSettings
{
    /// <summary>The longest delay taken: a month covers any reopen worth waiting for.</summary>
    public static readonly TimeSpan LongestSendDelay = TimeSpan.FromDays(30);

    /// <param name="retentionDays"><c>Csat__RetentionDays</c> (0: keep), which the delay must stay inside.</param>
    public static SendRules Read(SettingsReader settings, int retentionDays)
    {
        var domains = (settings.Text("Csat__InternalDomains") ?? "")
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(domain => domain.TrimStart('@').TrimEnd('.'))
            .ToList();
        foreach (var domain in domains)
        {
            settings.Require(
                SendRules.Ascii(domain) is { } ascii && Uri.CheckHostName(ascii) == UriHostNameType.Dns && ascii.Contains('.', StringComparison.Ordinal),
                $"Csat__InternalDomains: \"{(domain.Length <= 64 ? domain : domain[..64] + "…")}\" must be a domain name such as example.com (comma-separated, subdomains included).");
        }

        domains = [.. domains.Select(SendRules.Ascii).OfType<string>().Distinct(StringComparer.Ordinal)];

        var delayText = settings.Text("Csat__SendDelay") ?? SendRules.DefaultSendDelaySetting;
        var delay = Duration(delayText);
        var validDelay = settings.Require(
            delay is { } d && d >= TimeSpan.Zero && d <= LongestSendDelay,
            "Csat__SendDelay must be an ISO 8601 duration from PT0S (at once) to P30D, such as PT24H or P1D.");

        // The retention sweep erases a survey's address RetentionDays after its resolution day: a survey
        // still waiting then would never be emailed, and nothing would say so.
        settings.Require(
            !validDelay || retentionDays == 0 || delay < TimeSpan.FromDays(retentionDays),
            $"Csat__SendDelay must be shorter than Csat__RetentionDays ({retentionDays} days): the retention would erase each waiting survey's address before its email is due, so no one would be asked.");

        var reopen = settings.Text("Csat__ReopenAfterEmail") ?? "keep";
        var reopenAfterEmail = reopen switch
        {
            "keep" => ReopenAfterEmail.Keep,
            "ask-again" => ReopenAfterEmail.AskAgain,
            _ => (ReopenAfterEmail?)null,
        };
        settings.Require(reopenAfterEmail is not null, "Csat__ReopenAfterEmail must be keep (the first survey stands) or ask-again (the next resolution is asked again).");

        return new SendRules
        {
            InternalDomains = domains,
            SendDelay = delay ?? TimeSpan.Zero,
            ReopenAfterEmail = reopenAfterEmail ?? ReopenAfterEmail.Keep,
        };
    }

    /// <summary>
    /// An ISO 8601 duration (<c>PT24H</c>, <c>P1D</c>, or weeks alone, <c>P1W</c>, which ISO 8601 writes
    /// on their own and <see cref="XmlConvert"/> does not read); years and months are refused, having no
    /// fixed length.
    /// </summary>
    private static TimeSpan? Duration(string text)
    {
        if (text.Length > 2 && text[0] == 'P' && text[^1] == 'W' && int.TryParse(text.AsSpan(1, text.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var weeks))
        {
            return TimeSpan.FromDays(7.0 * weeks);
        }

        var datePart = text.Split('T')[0];
        if (!text.StartsWith('P') || datePart.Contains('Y', StringComparison.Ordinal) || datePart.Contains('M', StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return XmlConvert.ToTimeSpan(text);
        }
        catch (FormatException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}
