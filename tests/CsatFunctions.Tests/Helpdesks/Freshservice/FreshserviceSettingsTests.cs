using CsatFunctions.Settings;
using Microsoft.Extensions.Configuration;

namespace CsatFunctions.Tests.Helpdesks.Freshservice;

/// <summary>Freshservice's settings as start-up reads them: a strong shared secret, and an API that is all there or not at all.</summary>
public sealed class FreshserviceSettingsTests
{
    [Fact]
    public void Freshservice_reads_its_secret_and_api_by_the_convention()
    {
        var settings = CsatSettings.Read(Config(
            ("Csat:Helpdesks:freshservice:Secret", "freshservice-shared-secret-0123456789"),
            ("Csat:Helpdesks:freshservice:ApiUrl", "https://acme.freshservice.com/api/v2"),
            ("Csat:Helpdesks:freshservice:ApiKey", "freshservice-api-key")));

        var freshservice = settings.Csat.Helpdesks["freshservice"];
        Assert.Equal(("freshservice-shared-secret-0123456789", "freshservice-api-key"), (freshservice.Secret, freshservice["ApiKey"]));
        Assert.Empty(settings.Warnings);
    }

    [Fact]
    public void A_short_secret_a_bad_api_url_or_a_missing_api_key_stops_start_up()
    {
        var problems = Assert.Throws<SettingsException>(() => CsatSettings.Read(Config(
            ("Csat:Helpdesks:freshservice:Secret", "short"),
            ("Csat:Helpdesks:freshservice:ApiUrl", "https://acme.freshservice.com/api/v2?key=x")))).Problems;

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Csat__Helpdesks__freshservice__Secret must be at least 16 characters", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Csat__Helpdesks__freshservice__ApiUrl must be an absolute http or https URL", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Csat__Helpdesks__freshservice__ApiKey must be set too", StringComparison.Ordinal));
    }

    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Append((Key: "Csat:LinkSigningKey", Value: (string?)"dGVzdC1saW5rLXNpZ25pbmcta2V5LXRoaXJ0eS10d28tYnl0ZXMhIQ==")).ToDictionary(v => v.Key, v => v.Value)).Build();
}
