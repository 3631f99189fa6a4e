using CsatFunctions.Settings;
using CsatFunctions.Tickets;

namespace CsatFunctions.Digests;

/// <summary>Reads <c>Csat__TimeZone</c> and <c>Csat__Digests__*</c>, one line per key that is wrong.</summary>
public static class DigestSettings
{
    /// <summary><c>Csat__TimeZone</c>: the team's zone, which the digests and (unless set apart) the agents' digests keep.</summary>
    public static TimeZoneInfo TimeZone(SettingsReader settings)
    {
        if (settings.Text("Csat__TimeZone") is not { } zoneText)
        {
            return TimeZoneInfo.Utc;
        }

        settings.Require(TimeZoneInfo.TryFindSystemTimeZoneById(zoneText, out var found), "Csat__TimeZone must be an IANA time zone such as Europe/Amsterdam.");
        return found ?? TimeZoneInfo.Utc;
    }

    public static DigestOptions Read(SettingsReader settings, TimeZoneInfo zone)
    {
        var to = (settings.Text("Csat__Digests__Weekly__To") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        settings.Require(to.All(TicketFields.IsEmailAddress), "Csat__Digests__Weekly__To must be one or more email addresses, comma-separated, such as support@example.com,lead@example.com.");

        // SendGrid refuses a personalization naming one address twice, whatever its case (400 "Each unique email address ... only be included once").
        to = [.. to.Distinct(StringComparer.OrdinalIgnoreCase)];
        var hour = settings.Int("Csat__Digests__Hour", DigestOptions.DefaultHour, 0, 23, "Csat__Digests__Hour must be a whole hour from 0 to 23 (local to Csat__TimeZone).");
        var day = DigestOptions.DefaultWeeklyDay;
        if (settings.Text("Csat__Digests__Weekly__Day") is { } dayText)
        {
            var named = Enum.TryParse<DayOfWeek>(dayText, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(dayText, out _);
            settings.Require(named, "Csat__Digests__Weekly__Day must be a day of the week in English, such as Monday.");
            day = named ? parsed : day;
        }

        return new DigestOptions { WeeklyTo = to, WeeklyDay = day, Hour = hour, TimeZone = zone };
    }
}
