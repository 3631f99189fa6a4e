using CsatFunctions.Settings;

namespace CsatFunctions.Helpdesks;

/// <summary>
/// A helpdesk's API as configured for writing answers back to its tickets: <c>ApiUrl</c> and the
/// vendor's credentials, all set or none. Checked at start-up, so a mistyped URL stops the app
/// rather than the first note; the values themselves are never echoed.
/// </summary>
public static class ApiCredentials
{
    public const string ApiUrl = "ApiUrl";

    /// <param name="example">An <c>ApiUrl</c> as the vendor gives it, for the error message.</param>
    /// <param name="credentials">The settings that go with <c>ApiUrl</c>, such as <c>ApiToken</c>.</param>
    public static void Validate(HelpdeskConfig config, SettingsReader settings, string example, params string[] credentials)
    {
        if (config[ApiUrl] is { } url)
        {
            settings.Require(
                Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.UserInfo.Length == 0 && uri.Query.Length == 0 && uri.Fragment.Length == 0,
                $"{HelpdeskSettings.Key(config.Helpdesk, ApiUrl)} must be an absolute http or https URL without a query, such as {example}.");
        }

        var all = credentials.Prepend(ApiUrl).ToList();
        if (all.Any(setting => config[setting] is not null))
        {
            foreach (var missing in all.Where(setting => config[setting] is null))
            {
                settings.Require(false, $"{HelpdeskSettings.Key(config.Helpdesk, missing)} must be set too: {config.Helpdesk}'s API is called with {string.Join(", ", all)} together.");
            }
        }

        foreach (var credential in credentials.Where(setting => config[setting] is not null))
        {
            settings.Require(!config[credential]!.Any(char.IsControl), $"{HelpdeskSettings.Key(config.Helpdesk, credential)} must be on one line.");
        }
    }
}
