using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsatFunctions.Languages;
using CsatFunctions.Settings;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace CsatFunctions.Tests.Languages;

/// <summary>Surveys in the customer's language: the email, every page they see, plural forms, dates, and a company's own wording.</summary>
public sealed partial class LanguageTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    /// <summary>When the unit tests' survey was resolved; the email writes it, and a fixed day keeps its words fixed.</summary>
    private static readonly DateTimeOffset Resolved = new(2026, 11, 15, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string, string, string> Shipped => new()
    {
        // language, tag the helpdesk sends, a phrase of its email, the month of 15 November 2026 as it writes the date
        { "en", "en-US", "One click is enough:", "November 15, 2026" },
        { "de", "de-DE", "Ein Klick genügt:", "15. November 2026" },
        { "fr", "fr_CA", "Un seul clic suffit :", "15 novembre 2026" },
        { "es", "ES", "Basta con un clic:", "15 de noviembre de 2026" },
        { "nl", "nl-BE", "Eén klik is genoeg:", "15 november 2026" },
    };

    [Theory]
    [MemberData(nameof(Shipped))]
    public async Task The_email_and_every_page_the_customer_sees_are_in_their_language(string code, string tag, string phrase, string date)
    {
        var language = Builtin(code);
        var ticket = JsonNode.Parse(PipelineHost.Ticket($"L-{code}", $"{code}@example.org", "Kim Meyer", "VPN <down>", resolvedAt: new DateTimeOffset(2026, 11, 15, 9, 0, 0, TimeSpan.Zero)))!;
        ticket["locale"] = tag;
        Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(ticket.ToJsonString())).StatusCode);
        var mail = (await SendGrid.WaitForAsync(1))[0];

        var text = SurveyMail.Text(mail, "text/plain");
        Assert.Contains(phrase, text);
        Assert.Contains(date, text);
        Assert.Contains(language.Text("email.hello", ("name", "Kim Meyer")), text);
        Assert.Contains($"<html lang=\"{code}\">", SurveyMail.Text(mail, "text/html"));
        Assert.Equal(language.Text("email.subjectAbout", ("subject", "VPN <down>")), mail.Json["personalizations"]![0]!["subject"]!.GetValue<string>());

        var pages = new List<string>
        {
            await Host.Http.GetStringAsync(SurveyMail.LinkFor(mail, "excellent")),
            await (await Host.Http.PostAsync(SurveyMail.PostPathFor(mail), new FormUrlEncodedContent([new("rating", "bogus")]))).Content.ReadAsStringAsync(),
            await (await Host.Http.PostAsync(SurveyMail.PostPathFor(mail), new FormUrlEncodedContent([new("rating", "satisfactory")]))).Content.ReadAsStringAsync(),
            await Host.Http.GetStringAsync(SurveyMail.UnsubscribePathFor(mail)),
            await (await Host.Http.PostAsync(SurveyMail.UnsubscribePathFor(mail), new FormUrlEncodedContent([]))).Content.ReadAsStringAsync(),
        };
        string[] expected = [language.Text("form.titleChosen", ("choice", language.Text("choice.excellent"))), language.Text("form.errorChoose"), language.Text("thanks.recorded", ("answer", language.Text("choice.satisfactory"))), language.Text("unsubscribe.button"), language.Text("unsubscribed.title")];
        foreach (var (page, phraseOfPage) in pages.Zip(expected))
        {
            Assert.Contains($"<html lang=\"{code}\">", page);
            Assert.Contains(WebUtility.HtmlEncode(phraseOfPage), page);
            AssertNoKeyOrPlaceholder(page);
        }

        AssertNoKeyOrPlaceholder(text);
    }

    [Fact]
    public async Task Without_a_locale_or_with_one_we_do_not_have_the_customer_is_written_to_in_the_default_language()
    {
        var ticket = JsonNode.Parse(PipelineHost.Ticket("L-it", "it@example.org"))!;
        ticket["locale"] = "it-IT";
        Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(ticket.ToJsonString())).StatusCode);

        var mail = (await SendGrid.WaitForAsync(1))[0];

        Assert.Contains("One click is enough:", SurveyMail.Text(mail, "text/plain"));
        Assert.Contains("<html lang=\"en\">", await Host.Http.GetStringAsync(SurveyMail.LinkFor(mail, "excellent")));
    }

    /// <summary>Words some languages write as English does.</summary>
    private static readonly string[] SameWord = ["page.json", "page.badge", "page.reason.spam", "agent.ticket", "policy.duration.minutes.one", "policy.duration.minutes.other"];

    [Fact]
    public void Every_language_has_every_text_translated_with_the_same_placeholders()
    {
        var english = Texts("en");
        foreach (var code in CsatFunctions.Languages.Languages.Shipped.Keys.Where(c => c != "en"))
        {
            var texts = Texts(code);
            Assert.Equal(english.Keys.Order(), texts.Keys.Order());
            foreach (var (key, text) in english)
            {
                Assert.Equal(Placeholders(text), Placeholders(texts[key]));
                Assert.True(text != texts[key] || SameWord.Contains(key), $"{code}.json leaves \"{key}\" in English.");
            }
        }
    }

    [Theory]
    [InlineData("en", 1, "we asked you 1 day ago")]
    [InlineData("en", 3, "we asked you 3 days ago")]
    [InlineData("de", 1, "vor 1 Tag um")]
    [InlineData("de", 3, "vor 3 Tagen um")]
    [InlineData("fr", 1, "il y a 1 jour et")]
    [InlineData("fr", 2, "il y a 2 jours et")]
    [InlineData("es", 1, "hace 1 día y")]
    [InlineData("nl", 4, "4 dagen geleden")]
    public void The_reminder_says_how_long_ago_with_the_right_plural(string code, int days, string expected)
    {
        var options = new CsatOptions
        {
            LinkSigningKeys = new LinkSigningKeys(Convert.FromBase64String(PipelineHost.LinkSigningKeyText)),
            ReminderAfter = TimeSpan.FromDays(days),
        };
        var email = new SurveyEmail(options, new SendGridOptions { FromName = "Example Hosting" }, new RatingLink(options.LinkSigningKeys));
        var survey = new Survey("s1", "generic", "T-1", "kim@example.org", null, null, null, null, Resolved, Resolved) { Locale = code };

        var message = email.Compose(survey, reminder: true);

        Assert.Contains(expected, message.Contents.Single(content => content.Type == "text/plain").Value);
    }

    [Fact]
    public void Numbers_are_written_with_each_languages_separator()
    {
        Assert.Equal("The comment can be at most 2,000 characters.", Builtin("en").Text("form.errorCommentLength", ("max", 2000)));
        Assert.Equal("Der Kommentar darf höchstens 2.000 Zeichen lang sein.", Builtin("de").Text("form.errorCommentLength", ("max", 2000)));
    }

    [Fact]
    public void A_company_overrides_its_own_wording_and_a_mistake_in_it_stops_start_up_naming_the_key()
    {
        var directory = Directory.CreateTempSubdirectory("csat-texts-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "de.json"), """{"email.oneClick": "Klicken Sie einfach:", "form.send": "Abschicken"}""");
            var settings = Read(directory.FullName, "de");
            Assert.Equal("Klicken Sie einfach:", settings.Csat.Languages.For("de").Text("email.oneClick"));
            Assert.Equal("Bewertung absenden", Builtin("de").Text("form.send"));
            Assert.Equal("de", settings.Csat.Languages.For(null).Code);

            File.WriteAllText(Path.Combine(directory.FullName, "fr.json"), """{"email.hello": "Salut !", "email.colour": "bleu"}""");
            var problems = Assert.Throws<SettingsException>(() => Read(directory.FullName, "en")).Problems;
            Assert.Contains(problems, p => p.Contains("must keep the placeholders of \"email.hello\": {name}", StringComparison.Ordinal));
            Assert.Contains(problems, p => p.Contains("the key \"email.colour\", which no page or email uses", StringComparison.Ordinal));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static CsatSettings Read(string textsDirectory, string defaultLocale) => CsatSettings.Read(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Csat:LinkSigningKey"] = PipelineHost.LinkSigningKeyText,
            ["Csat:TextsDirectory"] = textsDirectory,
            ["Csat:DefaultLocale"] = defaultLocale,
        }).Build());

    private static Language Builtin(string code) => CsatFunctions.Languages.Languages.Builtin.For(code);

    private static Dictionary<string, string> Texts(string code) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(AzuriteProcess.RepositoryRoot(), "functions", "CsatFunctions.Core", "Languages", "Texts", code + ".json")))!;

    private static string Placeholders(string text) => string.Join(',', Placeholder().Matches(text).Select(m => m.Value).Order());

    /// <summary>A text key left in (<c>form.send</c>) or a placeholder not filled in (<c>{company}</c>).</summary>
    private static void AssertNoKeyOrPlaceholder(string output)
    {
        var shown = Regex.Replace(output, "<style>.*?</style>", "", RegexOptions.Singleline);
        Assert.DoesNotMatch(Placeholder(), shown);
        Assert.DoesNotMatch(@"\b(email|form|thanks|choice|question|unsubscribe|unsubscribed|expired|invalid|wait|unavailable|format)\.[a-zA-Z-]+", shown);
    }

    [GeneratedRegex(@"\{[a-z]+\}")]
    private static partial Regex Placeholder();
}
