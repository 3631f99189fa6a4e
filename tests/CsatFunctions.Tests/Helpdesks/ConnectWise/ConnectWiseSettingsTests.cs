using CsatFunctions.Helpdesks;
using CsatFunctions.Settings;
using Microsoft.Extensions.Configuration;

namespace CsatFunctions.Tests.Helpdesks.ConnectWise;

/// <summary>ConnectWise's settings: what start-up refuses, and what the route needs before it takes a callback.</summary>
public sealed class ConnectWiseSettingsTests
{
    private const string LinkKey = "dGVzdC1saW5rLXNpZ25pbmcta2V5LXRoaXJ0eS10d28tYnl0ZXMhIQ==";

    [Fact]
    public void Malformed_connectwise_settings_stop_start_up_each_naming_its_key()
    {
        var config = Config(
            ("Csat:Helpdesks:connectwise:ApiUrl", "api-na.myconnectwise.net"),
            ("Csat:Helpdesks:connectwise:CompanyId", "acme corp"),
            ("Csat:Helpdesks:connectwise:ClientId", "not-a-guid"),
            ("Csat:Helpdesks:connectwise:KeyUrlOrigin", "https://api-na.myconnectwise.net/v4_6_release"));

        var problems = Assert.Throws<SettingsException>(() => CsatSettings.Read(config)).Problems;

        foreach (var setting in new[] { "ApiUrl", "CompanyId", "ClientId", "KeyUrlOrigin" })
        {
            Assert.Contains(problems, problem => problem.StartsWith($"Csat__Helpdesks__connectwise__{setting} must", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Half_the_api_credentials_stop_start_up_naming_each_missing_one_and_none_refuse_callbacks()
    {
        var problems = Assert.Throws<SettingsException>(() => CsatSettings.Read(Config(
            ("Csat:Helpdesks:connectwise:ApiUrl", "https://api-na.myconnectwise.net/v4_6_release/apis/3.0"),
            ("Csat:Helpdesks:connectwise:CompanyId", "acme")))).Problems;
        var format = HelpdeskFormats.Find("connectwise")!;

        Assert.Equal(
            ["PublicKey", "PrivateKey", "ClientId"],
            problems.Where(problem => problem.Contains("must be set too", StringComparison.Ordinal)).Select(problem => problem.Split("__")[3].Split(' ')[0]));
        Assert.False(format.UsesSecret);
        Assert.Equal(
            "Callbacks from connectwise are refused until Csat__Helpdesks__connectwise__ApiUrl, Csat__Helpdesks__connectwise__CompanyId, Csat__Helpdesks__connectwise__PublicKey, Csat__Helpdesks__connectwise__PrivateKey, Csat__Helpdesks__connectwise__ClientId are configured.",
            format.NotConfiguredBecause(new HelpdeskConfig("connectwise", new Dictionary<string, string>())));
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)).Prepend(new("Csat:LinkSigningKey", LinkKey))).Build();
}
