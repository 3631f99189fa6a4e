using CsatFunctions.Settings;
using Microsoft.Extensions.Configuration;

namespace CsatFunctions.Agents;

/// <summary>
/// Reads <c>Csat__Agents__*</c>. An agent opts in by name (<c>Csat__Agents__Patrick__Email</c>), or,
/// for a name an environment variable cannot hold (a space, an accent), by number with the name
/// beside it (<c>Csat__Agents__0__Name</c> = <c>Patrick Jane</c>, <c>Csat__Agents__0__Email</c>).
/// <c>DigestHour</c> and <c>TimeZone</c> are settings, not agents: an agent of either name uses the numbered form.
/// </summary>
public static class AgentSettings
{
    private const string Prefix = "Csat__Agents__";

    /// <param name="teamZone"><c>Csat__TimeZone</c>: the zone when <c>Csat__Agents__TimeZone</c> is not set.</param>
    public static AgentReviewOptions Read(SettingsReader settings, IConfiguration configuration, TimeZoneInfo teamZone)
    {
        var reviewers = new Dictionary<string, AgentReviewer>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in configuration.GetSection("Csat:Agents").GetChildren().Where(section => section.GetChildren().Any()))
        {
            var key = Prefix + section.Key;
            var name = (section["Name"] ?? section.Key).Trim();
            var email = settings.Email(key + "__Email", null, $"{key}__Email must be the agent's one email address, such as patrick@example.com.");
            settings.Require(settings.Text(key + "__Email") is not null, $"{key}__Email must be set: the address the agent's answers go to.");
            var modeText = settings.Text(key + "__Mode") ?? "each";
            var mode = modeText switch { "each" => AgentReviewMode.Each, "daily" => AgentReviewMode.Daily, _ => (AgentReviewMode?)null };
            settings.Require(mode is not null, $"{key}__Mode must be each (every answer as it comes) or daily (one digest a day).");
            var unique = settings.Require(name.Length > 0 && !reviewers.ContainsKey(name), $"{key} must name an agent (the helpdesk's name for them) that no other Csat__Agents__ entry names.");
            if (email is not null && mode is { } chosen && unique)
            {
                reviewers[name] = new AgentReviewer(name, email, chosen);
            }
        }

        var hour = settings.Int(Prefix + "DigestHour", AgentReviewOptions.DefaultDigestHour, 0, 23, "Csat__Agents__DigestHour must be a whole hour from 0 to 23 (local to Csat__Agents__TimeZone).");
        var zone = teamZone;
        if (settings.Text(Prefix + "TimeZone") is { } zoneText)
        {
            settings.Require(TimeZoneInfo.TryFindSystemTimeZoneById(zoneText, out var found), "Csat__Agents__TimeZone must be an IANA time zone such as Europe/Amsterdam.");
            zone = found ?? teamZone;
        }

        return new AgentReviewOptions { Reviewers = reviewers, DigestHour = hour, TimeZone = zone };
    }
}
