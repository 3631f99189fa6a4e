using System.Net;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Languages;

/// <summary><c>Csat__DefaultLocale</c>: customers without a language the project has, and the public page.</summary>
public sealed class DefaultLanguageTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["Csat:DefaultLocale"] = "de";

    [Fact]
    public async Task A_german_company_writes_to_customers_without_a_locale_in_german_and_publishes_its_page_in_german()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(PipelineHost.Ticket("T-1", "kunde@example.org"))).StatusCode);
        var mail = (await SendGrid.WaitForAsync(1))[0];
        Assert.Contains("Ein Klick genügt:", SurveyMail.Text(mail, "text/plain"));
        using var rated = await Host.Http.PostAsync(SurveyMail.PostPathFor(mail), new FormUrlEncodedContent([new("rating", "excellent"), new("comment", "Schnell und freundlich"), new("publish", "on")]));
        await Host.RefreshScoreAsync();

        var page = await Host.Http.GetStringAsync("/api/score/page");

        Assert.Contains("<html lang=\"de\">", page);
        Assert.Contains("<title>Kundenzufriedenheit · Example Hosting</title>", page);
        Assert.Contains("<th scope=\"col\">letzte 30 Tage</th>", page);
        Assert.Contains("<td data-label=\"letzte 30 Tage\">", page);
        Assert.Contains("So messen wir", page);
        Assert.Contains("Bewertung: ausgezeichnet", page);
        Assert.DoesNotContain("page.", page);
    }
}
