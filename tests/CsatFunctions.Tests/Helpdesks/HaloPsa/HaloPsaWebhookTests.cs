using System.Net;
using System.Text;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Helpdesks.HaloPsa;

/// <summary>HaloPSA webhooks with Basic authentication, in Halo's own payload and in a custom payload of the generic JSON.</summary>
public sealed class HaloPsaWebhookTests(AzuriteFixture azurite) : HelpdeskTest(azurite)
{
    [Fact]
    public async Task A_closed_halo_ticket_is_surveyed_once_whatever_the_redeliveries_and_reopenings()
    {
        var closed = Fixture("HaloPsa", "halopsa-closed.json");
        using var first = await Halo(closed);
        using var redelivered = await Halo(closed);
        using var reopened = await Halo(Fixture("HaloPsa", "halopsa-reopened.json"));
        using var closedAgain = await Halo(closed);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal("duplicate", (await Json(redelivered))["status"]!.GetValue<string>());
        Assert.Equal("ignored", (await Json(reopened))["status"]!.GetValue<string>());
        Assert.Equal("duplicate", (await Json(closedAgain))["status"]!.GetValue<string>());
        var survey = (await Stored("halopsa", "2231"))!;
        Assert.Equal(("ann@example.org", "Ann Example", "Backup job failing on FS01", "Sam Tech", "1st line support"), (survey.CustomerEmail, survey.CustomerName, survey.Subject, survey.Agent, survey.Touchpoint));
        // The later of dateclosed (10:14:55) and the event's timestamp: a close after a reopen always comes after the first.
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 15, 2, TimeSpan.Zero), survey.ResolvedAt);
        Assert.Equal("Contoso Hosting Ltd", survey.Company);
        Assert.Equal("ann@example.org", SurveyMail.ToAddressOf(Assert.Single(await SendGrid.WaitForAsync(1))));
        await Host.WaitForQueueDrainedAsync();
        Assert.Single(SendGrid.Received);
    }

    [Fact]
    public async Task A_halo_status_sent_as_its_display_value_and_a_custom_generic_payload_are_both_read()
    {
        var displayed = Fixture("HaloPsa", "halopsa-closed.json").Replace("\"status_id\": 9", "\"status_id\": \"Closed\"", StringComparison.Ordinal);
        var custom = Fixture("HaloPsa", "halopsa-custom-closed.json");
        using var byName = await Halo(displayed);
        using var generic = await Halo(custom);
        using var stillOpen = await Halo(custom.Replace("\"Closed\"", "\"In Progress\"", StringComparison.Ordinal).Replace("2232", "2233", StringComparison.Ordinal));

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (byName.StatusCode, generic.StatusCode));
        Assert.Equal(("bob@example.org", "New starter laptop", "Sam Tech"), ((await Stored("halopsa", "2232"))!.CustomerEmail, (await Stored("halopsa", "2232"))!.Subject, (await Stored("halopsa", "2232"))!.Agent));
        Assert.Equal("Fabrikam Ltd", (await Stored("halopsa", "2232"))!.Company);
        Assert.Equal("ignored", (await Json(stillOpen))["status"]!.GetValue<string>());
        Assert.Null(await Stored("halopsa", "2233"));
    }

    [Fact]
    public async Task Halo_deliveries_without_the_configured_basic_authentication_are_refused()
    {
        var body = Fixture("HaloPsa", "halopsa-closed.json");
        using var wrongPassword = await Halo(body, password: "not-the-halo-password-000");
        using var wrongUser = await Halo(body, user: "someone-else");
        using var missing = await Post("halopsa", body);
        using var bearer = await Post("halopsa", body, ("Authorization", "Bearer " + HaloPsaPassword));
        using var notBase64 = await Post("halopsa", body, ("Authorization", "Basic %%%"));

        Assert.All([wrongPassword, wrongUser, missing, bearer, notBase64], response => Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode));
        Assert.DoesNotContain(HaloPsaPassword, (await Json(bearer))["detail"]!.GetValue<string>());
        Assert.Null(await Stored("halopsa", "2231"));
    }

    [Fact]
    public async Task A_halo_user_without_an_email_is_counted_and_unicode_and_long_fields_are_kept()
    {
        var noEmail = Fixture("HaloPsa", "halopsa-closed.json").Replace("\"emailaddress\": \"ann@example.org\"", "\"emailaddress\": \"\"", StringComparison.Ordinal);
        var client = "Société Générale d'Hébergement — 東京 " + new string('x', 300);
        var unicode = Fixture("HaloPsa", "halopsa-closed.json")
            .Replace("\"id\": 2231", "\"id\": 2234", StringComparison.Ordinal)
            .Replace("Backup job failing on FS01", "Sauvegarde échouée 💾 " + string.Concat(Enumerable.Repeat("encore ", 100)), StringComparison.Ordinal)
            .Replace("\"client_name\": \"Contoso Hosting Ltd\",\n    \"site_id\"", $"\"client_name\": \"{client}\",\n    \"site_id\"", StringComparison.Ordinal);
        using var counted = await Halo(noEmail);
        using var surveyed = await Halo(unicode);

        Assert.Equal((HttpStatusCode.OK, "notSurveyed"), (counted.StatusCode, (await Json(counted))["status"]!.GetValue<string>()));
        Assert.Equal(SkipReasons.NoEmail, (await Stored("halopsa", "2231"))!.SkipReason);
        Assert.Equal(HttpStatusCode.Accepted, surveyed.StatusCode);
        var survey = (await Stored("halopsa", "2234"))!;
        Assert.Equal((500, true), (survey.Subject!.Length, survey.Subject.StartsWith("Sauvegarde échouée 💾 encore", StringComparison.Ordinal)));
        var company = ReadBy("halopsa", unicode)!.Company!;
        Assert.Equal((200, true), (company.Length, company.StartsWith("Société Générale d'Hébergement — 東京 xxx", StringComparison.Ordinal)));
    }

    private Task<HttpResponseMessage> Halo(string body, string user = HaloPsaUser, string password = HaloPsaPassword) =>
        Post("halopsa", body, ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"))));
}
