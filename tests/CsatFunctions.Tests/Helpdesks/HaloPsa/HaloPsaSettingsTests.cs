using CsatFunctions.Settings;
using Microsoft.Extensions.Configuration;

namespace CsatFunctions.Tests.Helpdesks.HaloPsa;

/// <summary>HaloPSA's settings as start-up reads them: Basic authentication instead of a secret, and an API that is all there or not at all.</summary>
public sealed class HaloPsaSettingsTests
{
    [Fact]
    public void Halo_is_configured_by_its_basic_authentication_and_a_short_password_is_warned_of()
    {
        var settings = CsatSettings.Read(Config(
            ("Csat:Helpdesks:halopsa:User", "csat"),
            ("Csat:Helpdesks:halopsa:Password", "short"),
            ("Csat:Helpdesks:halopsa:ClosedStatuses", "9, Resolved")));

        var halo = settings.Csat.Helpdesks["halopsa"];
        Assert.Equal(("csat", "short", null), (halo["User"], halo["Password"], halo.Secret));
        Assert.Equal(["9", "Resolved"], halo.List("ClosedStatuses"));
        Assert.Equal("Csat__Helpdesks__halopsa__Password is shorter than 16 characters, which is easy to guess: set a longer random one in Halo's webhook and here.", Assert.Single(settings.Warnings));
    }

    [Fact]
    public void A_bad_api_url_a_missing_client_secret_or_a_user_with_a_colon_stops_start_up()
    {
        var problems = Assert.Throws<SettingsException>(() => CsatSettings.Read(Config(
            ("Csat:Helpdesks:halopsa:User", "csat:webhook"),
            ("Csat:Helpdesks:halopsa:Password", "halopsa-basic-password-0123456789"),
            ("Csat:Helpdesks:halopsa:ApiUrl", "ftp://acme.halopsa.com/api"),
            ("Csat:Helpdesks:halopsa:ClientId", "a1b2c3")))).Problems;

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Csat__Helpdesks__halopsa__User must be on one line without a colon", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Csat__Helpdesks__halopsa__ApiUrl must be an absolute http or https URL", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Csat__Helpdesks__halopsa__ClientSecret must be set too", StringComparison.Ordinal));
    }

    [Fact]
    public void Halo_without_both_user_and_password_names_what_is_missing()
    {
        var format = CsatFunctions.Helpdesks.HelpdeskFormats.Find("halopsa")!;
        var userOnly = new CsatFunctions.Helpdesks.HelpdeskConfig("halopsa", new Dictionary<string, string> { ["User"] = "csat" });

        Assert.Equal("Webhooks from halopsa are refused until Csat__Helpdesks__halopsa__Password is configured.", format.NotConfiguredBecause(userOnly));
    }

    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Append((Key: "Csat:LinkSigningKey", Value: (string?)"dGVzdC1saW5rLXNpZ25pbmcta2V5LXRoaXJ0eS10d28tYnl0ZXMhIQ==")).ToDictionary(v => v.Key, v => v.Value)).Build();
}
