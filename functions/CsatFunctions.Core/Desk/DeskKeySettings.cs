using CsatFunctions.Settings;

namespace CsatFunctions.Desk;

/// <summary>Reads the desk's keys: <c>Csat__AdminKey</c> (every change) and <c>Csat__ViewerKey</c> (read-only).</summary>
public static class DeskKeySettings
{
    /// <summary>Outside Development a key that opens the admin routes must be long enough that it cannot be guessed.</summary>
    public const int MinimumDeskKeyLength = 32;

    /// <param name="samples">Keys already refused for holding a documented sample value, which need no second line.</param>
    public static (string? AdminKey, string? ViewerKey) Read(SettingsReader settings, bool isDevelopment, IReadOnlySet<string> samples)
    {
        var adminKey = settings.Text("Csat__AdminKey");
        var viewerKey = settings.Text("Csat__ViewerKey");
        var deskKeyLength = isDevelopment ? 16 : MinimumDeskKeyLength;
        if (adminKey is not null && !isDevelopment && !samples.Contains("Csat__AdminKey"))
        {
            settings.Require(adminKey.Length >= MinimumDeskKeyLength, $"Csat__AdminKey must be at least {MinimumDeskKeyLength} characters outside Development (a long random string: openssl rand -base64 32).");
        }

        if (viewerKey is not null)
        {
            settings.Require(viewerKey.Length >= deskKeyLength && viewerKey != adminKey, $"Csat__ViewerKey must be at least {deskKeyLength} characters{(isDevelopment ? "" : " outside Development")} and differ from Csat__AdminKey.");
        }

        return (adminKey, viewerKey);
    }
}
