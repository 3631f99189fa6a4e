using CsatFunctions.Settings;
using Microsoft.Extensions.Configuration;

namespace CsatFunctions.Tests.Digests;

/// <summary>The digests' settings: their defaults, the agents' zone following the team's, and one line per wrong key at start-up.</summary>
public sealed class DigestSettingsTests
{
    [Fact]
    public void The_defaults_are_no_weekly_digest_monday_at_eight_in_UTC_and_the_agents_follow_the_team_zone()
    {
        var defaults = CsatSettings.Read(Config()).Csat;
        Assert.Equal((0, DayOfWeek.Monday, 8, TimeZoneInfo.Utc), (defaults.Digests.WeeklyTo.Count, defaults.Digests.WeeklyDay, defaults.Digests.Hour, defaults.Digests.TimeZone));

        var berlin = CsatSettings.Read(Config(("Csat:TimeZone", "Europe/Berlin"), ("Csat:Digests:Weekly:To", "a@example.com, b@example.com"), ("Csat:Digests:Weekly:Day", "friday"), ("Csat:Digests:Hour", "17"))).Csat;
        Assert.Equal(["a@example.com", "b@example.com"], berlin.Digests.WeeklyTo);
        Assert.Equal((DayOfWeek.Friday, 17, "Europe/Berlin", "Europe/Berlin"), (berlin.Digests.WeeklyDay, berlin.Digests.Hour, berlin.Digests.TimeZone.Id, berlin.Agents.TimeZone.Id));
        Assert.Equal("Asia/Tokyo", CsatSettings.Read(Config(("Csat:TimeZone", "Europe/Berlin"), ("Csat:Agents:TimeZone", "Asia/Tokyo"))).Csat.Agents.TimeZone.Id);
    }

    [Fact]
    public void An_address_listed_twice_in_any_case_is_sent_to_once_as_SendGrid_requires()
    {
        var digests = CsatSettings.Read(Config(("Csat:Digests:Weekly:To", "team@example.com, Lead@Example.com, TEAM@example.com, lead@example.com"))).Csat.Digests;
        Assert.Equal(["team@example.com", "Lead@Example.com"], digests.WeeklyTo);
    }

    [Fact]
    public void Each_wrong_key_stops_start_up_with_its_own_line()
    {
        var problems = Assert.Throws<SettingsException>(() => CsatSettings.Read(Config(
            ("Csat:TimeZone", "Mars/Olympus"),
            ("Csat:Digests:Weekly:To", "team@example.com, not an address"),
            ("Csat:Digests:Weekly:Day", "3"),
            ("Csat:Digests:Hour", "24")))).Problems;

        Assert.Equal(
            ["Csat__TimeZone ", "Csat__Digests__Weekly__To ", "Csat__Digests__Hour ", "Csat__Digests__Weekly__Day "],
            problems.Select(problem => problem[..(problem.IndexOf(' ', StringComparison.Ordinal) + 1)]));
    }

    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, v.Value)).Append(KeyValuePair.Create("Csat:LinkSigningKey", (string?)"dGVzdC1saW5rLXNpZ25pbmcta2V5LXRoaXJ0eS10d28tYnl0ZXMhIQ=="))).Build();
}
