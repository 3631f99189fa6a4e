using System.Globalization;
using System.Net.Mail;
using Microsoft.Extensions.Configuration;

namespace CsatFunctions.Settings;

/// <summary>
/// Reads settings by the names they have in the environment (<c>Csat__PublicBaseUrl</c>), collecting
/// one line per bad key rather than stopping at the first, and never echoing a value.
/// </summary>
public sealed class SettingsReader(IConfiguration configuration)
{
    public List<string> Errors { get; } = [];

    public List<string> Warnings { get; } = [];

    /// <returns>The trimmed value, or null when unset or blank.</returns>
    public string? Text(string key) =>
        configuration[key.Replace("__", ":", StringComparison.Ordinal)] is { } value && value.Trim().Length > 0 ? value.Trim() : null;

    /// <summary>Adds <paramref name="error"/> unless <paramref name="valid"/>; answers <paramref name="valid"/>.</summary>
    public bool Require(bool valid, string error)
    {
        if (!valid)
        {
            Errors.Add(error);
        }

        return valid;
    }

    public int Int(string key, int fallback, int min, int max, string error) =>
        Text(key) is not { } text ? fallback
        : Require(int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max, error) ? value
        : fallback;

    public TimeSpan Time(string key, TimeSpan fallback, TimeSpan min, TimeSpan max, string error) =>
        Text(key) is not { } text ? fallback
        : Require(TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max, error) ? value
        : fallback;

    /// <summary>
    /// An absolute http or https URL; <paramref name="plain"/> also refuses a query or fragment, and
    /// <paramref name="shown"/> (a URL put in front of customers) a user name or password.
    /// </summary>
    public Uri? Url(string key, string? fallback, string error, bool plain = false, bool shown = false)
    {
        var text = Text(key) ?? fallback;
        if (text is null)
        {
            return null;
        }

        var valid = Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            && (!plain || (url.Query.Length == 0 && url.Fragment.Length == 0))
            && (!shown || url.UserInfo.Length == 0);
        return Require(valid, error) ? url : null;
    }

    /// <summary>One plain address, such as <c>surveys@example.com</c>.</summary>
    public string? Email(string key, string? fallback, string error)
    {
        var text = Text(key) ?? fallback;
        return text is null || Require(MailAddress.TryCreate(text, out var address) && address.Address == text, error) ? text : null;
    }
}
