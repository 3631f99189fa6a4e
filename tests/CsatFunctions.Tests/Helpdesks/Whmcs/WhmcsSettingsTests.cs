using CsatFunctions.Settings;
using Microsoft.Extensions.Configuration;

namespace CsatFunctions.Tests.Helpdesks.Whmcs;

/// <summary>The WHMCS secret is a Standard Webhooks secret, checked at start-up as Csat__WebhookSecret is.</summary>
public sealed class WhmcsSettingsTests
{
    private const string LinkKey = "dGVzdC1saW5rLXNpZ25pbmcta2V5LXRoaXJ0eS10d28tYnl0ZXMhIQ==";

    [Theory]
    [InlineData("a-long-random-string-but-no-whsec-prefix")]
    [InlineData("whsec_not*base64*at*all*0123456789")]
    [InlineData("whsec_c2hvcnQta2V5")]
    public void A_whmcs_secret_that_is_not_a_whsec_secret_stops_start_up_without_being_shown(string secret)
    {
        var problems = Assert.Throws<SettingsException>(() => CsatSettings.Read(Config(secret))).Problems;

        Assert.Equal("Csat__Helpdesks__whmcs__Secret must be whsec_ followed by the base64 of 24 to 64 random bytes, as Csat__WebhookSecret.", Assert.Single(problems));
    }

    [Fact]
    public void A_whsec_secret_configures_the_whmcs_route()
    {
        var settings = CsatSettings.Read(Config(WhmcsTest.WhmcsSecret));

        Assert.Equal(WhmcsTest.WhmcsSecret, settings.Csat.Helpdesks["whmcs"].Secret);
        Assert.Empty(settings.Warnings);
    }

    private static IConfiguration Config(string secret) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Csat:LinkSigningKey"] = LinkKey,
            ["Csat:Helpdesks:whmcs:Secret"] = secret,
        }).Build();
}
