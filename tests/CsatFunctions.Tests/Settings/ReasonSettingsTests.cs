using CsatFunctions.Ratings.Reasons;
using CsatFunctions.Settings;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace CsatFunctions.Tests.Settings;

/// <summary><c>Csat__Reasons</c> checked at start-up, one line per problem, and a company's own reason worded through <c>Csat__TextsDirectory</c>.</summary>
public sealed class ReasonSettingsTests
{
    [Fact]
    public void Without_the_setting_the_form_offers_the_four_documented_reasons()
    {
        var settings = Read();

        Assert.Equal(["slow-response", "not-resolved", "communication", "other"], settings.Csat.Reasons.Slugs);
    }

    [Fact]
    public void A_bad_slug_a_repeated_one_and_one_without_words_each_stop_start_up_with_their_own_line()
    {
        var problems = Assert.Throws<SettingsException>(() => Read(("Csat:Reasons", "other,Slow Response,other,billing"))).Problems;

        Assert.Equal(3, problems.Count);
        Assert.Contains("Csat__Reasons: \"Slow Response\" must be a slug of lowercase letters, digits and single hyphens, at most 40 characters, such as slow-response.", problems);
        Assert.Contains("Csat__Reasons lists other twice.", problems);
        Assert.Contains("Csat__Reasons: billing has no words in the default locale: add \"reason.billing\" to Csat__TextsDirectory/en.json.", problems);
    }

    [Fact]
    public void A_slug_longer_than_forty_characters_is_refused_and_the_reasons_keep_the_configured_order()
    {
        var problems = Assert.Throws<SettingsException>(() => Read(("Csat:Reasons", "other," + new string('a', 41)))).Problems;

        Assert.Contains($"Csat__Reasons: \"{new string('a', 40)}…\" must be a slug of lowercase letters, digits and single hyphens, at most 40 characters, such as slow-response.", problems);
        Assert.Equal(["other", "communication", "slow-response"], Read(("Csat:Reasons", "other,communication,slow-response")).Csat.Reasons.Slugs);
    }

    [Fact]
    public void More_than_twelve_reasons_are_refused()
    {
        var thirteen = string.Join(',', Enumerable.Repeat("other", 13).Select((slug, i) => i == 0 ? slug : $"{slug}-{i}"));

        var problems = Assert.Throws<SettingsException>(() => Read(("Csat:Reasons", thirteen))).Problems;

        Assert.Contains("Csat__Reasons may list at most 12 reasons.", problems);
    }

    [Fact]
    public void A_companys_own_reason_takes_its_words_from_the_texts_directory_and_a_language_without_them_falls_back_to_the_default_locales()
    {
        var directory = Directory.CreateTempSubdirectory("csat-reasons-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "en.json"), """{"reason.billing": "The invoice was wrong"}""");
            File.WriteAllText(Path.Combine(directory.FullName, "nl.json"), """{"reason.billing": "De factuur klopte niet"}""");

            var options = Read(("Csat:Reasons", "billing,other"), ("Csat:TextsDirectory", directory.FullName)).Csat;

            Assert.Equal(["billing", "other"], options.Reasons.Slugs);
            Assert.Equal("De factuur klopte niet", ReasonOptions.Words("billing", options.Languages.For("nl"), options.Languages));
            Assert.Equal("The invoice was wrong", ReasonOptions.Words("billing", options.Languages.For("de"), options.Languages));
            Assert.Equal("Etwas anderes", ReasonOptions.Words("other", options.Languages.For("de"), options.Languages));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static CsatSettings Read(params (string Key, string Value)[] values)
    {
        var settings = new Dictionary<string, string?> { ["Csat:LinkSigningKey"] = PipelineHost.LinkSigningKeyText };
        foreach (var (key, value) in values)
        {
            settings[key] = value;
        }

        return CsatSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
    }
}
