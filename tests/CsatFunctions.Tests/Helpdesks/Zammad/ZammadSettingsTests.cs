using CsatFunctions.Settings;
using Microsoft.Extensions.Configuration;

namespace CsatFunctions.Tests.Helpdesks.Zammad;

/// <summary>Zammad's settings as start-up reads them: its token within Zammad's limits, and an API that is all there or not at all.</summary>
public sealed class ZammadSettingsTests
{
    [Fact]
    public void Zammads_settings_are_read_with_its_own_token_limits()
    {
        var settings = CsatSettings.Read(Config(
            ("Csat:Helpdesks:zammad:Secret", "short-token"),
            ("Csat:Helpdesks:zammad:ApiUrl", "https://acme.zammad.com/"),
            ("Csat:Helpdesks:zammad:ApiToken", "zammad-api-token"),
            ("Csat:Helpdesks:zammad:ClosedStates", "closed, merged")));

        var zammad = settings.Csat.Helpdesks["zammad"];
        Assert.Equal(("short-token", "https://acme.zammad.com/"), (zammad.Secret, zammad["ApiUrl"]));
        Assert.Equal(["closed", "merged"], zammad.List("ClosedStates"));
        Assert.Contains(settings.Warnings, warning => warning.StartsWith("Csat__Helpdesks__zammad__Secret is shorter than 16", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_api_url_a_missing_api_token_or_an_overlong_token_stops_start_up()
    {
        var problems = Assert.Throws<SettingsException>(() => CsatSettings.Read(Config(
            ("Csat:Helpdesks:zammad:Secret", new string('t', 101)),
            ("Csat:Helpdesks:zammad:ApiUrl", "acme.zammad.com/secret-path")))).Problems;

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Csat__Helpdesks__zammad__Secret must be at least 1 and at most 100 characters", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Csat__Helpdesks__zammad__ApiUrl must be an absolute http or https URL", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Csat__Helpdesks__zammad__ApiToken must be set too", StringComparison.Ordinal));
        Assert.All(problems, p => Assert.DoesNotContain("secret-path", p));
    }

    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Append((Key: "Csat:LinkSigningKey", Value: (string?)"dGVzdC1saW5rLXNpZ25pbmcta2V5LXRoaXJ0eS10d28tYnl0ZXMhIQ==")).ToDictionary(v => v.Key, v => v.Value)).Build();
}
