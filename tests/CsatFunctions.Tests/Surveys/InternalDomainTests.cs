using CsatFunctions.Settings;
using CsatFunctions.Surveys.SendRules;
using Microsoft.Extensions.Configuration;

namespace CsatFunctions.Tests.Surveys;

/// <summary>Which customer addresses <c>Csat__InternalDomains</c> makes internal, however the setting and the helpdesk spell the domain.</summary>
public sealed class InternalDomainTests
{
    [Theory]
    [InlineData("ops@example-hosting.test", true)]
    [InlineData("Kim@IT.STAFF.example.net", true)]
    [InlineData("kim@staff.example.net.", true)]
    [InlineData("anna@bücher.example", true)]
    [InlineData("anna@xn--bcher-kva.example", true)]
    [InlineData("anna@mail.XN--BCHER-KVA.example", true)]
    [InlineData("anna@BÜCHER.EXAMPLE", true)]
    [InlineData("anna@Mail.Bücher.Example", true)]
    [InlineData("jo@ÉQUIPE.example", true)]
    [InlineData("jo@équipe.example", true)]
    [InlineData("bob@notexample-hosting.test", false)]
    [InlineData("bob@example-hosting.test.evil.example", false)]
    [InlineData("bob@buecher.example", false)]
    [InlineData("not an address", false)]
    public void An_address_is_internal_at_a_listed_domain_or_its_subdomains_in_either_spelling_of_an_international_name(string address, bool expected)
    {
        var rules = Read("example-hosting.test, @Staff.Example.NET., xn--bcher-kva.example, bücher.example, BÜCHER.example, Équipe.EXAMPLE");
        Assert.Equal(["example-hosting.test", "staff.example.net", "xn--bcher-kva.example", "xn--quipe-9ra.example"], rules.InternalDomains);
        Assert.Equal(expected, rules.IsInternal(address));
    }

    [Fact]
    public void A_listed_value_that_is_not_a_domain_name_stops_start_up_with_one_line()
    {
        var settings = new SettingsReader(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Csat:InternalDomains"] = "example.com, localhost, exa mple.org" }).Build());
        SendRuleSettings.Read(settings, retentionDays: 0);
        Assert.Equal(2, settings.Errors.Count(error => error.StartsWith("Csat__InternalDomains:", StringComparison.Ordinal)));
    }

    private static SendRules Read(string domains)
    {
        var settings = new SettingsReader(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Csat:InternalDomains"] = domains }).Build());
        var rules = SendRuleSettings.Read(settings, retentionDays: 0);
        Assert.Empty(settings.Errors);
        return rules;
    }
}
