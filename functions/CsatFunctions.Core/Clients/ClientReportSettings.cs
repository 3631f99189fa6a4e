using CsatFunctions.Settings;

namespace CsatFunctions.Clients;

/// <summary>Reads <c>Csat__ShareLinkDays</c>: how long a client report's share link works unless the team says otherwise.</summary>
public static class ClientReportSettings
{
    public static TimeSpan Read(SettingsReader settings) =>
        TimeSpan.FromDays(settings.Int(
            "Csat__ShareLinkDays",
            (int)CsatOptions.DefaultShareLinkLifetime.TotalDays,
            1,
            ShareLinksEndpoint.MaxDays,
            $"Csat__ShareLinkDays must be a whole number of days from 1 to {ShareLinksEndpoint.MaxDays}, such as 30."));
}
