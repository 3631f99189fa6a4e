using System.Net;
using System.Security.Cryptography;
using System.Text;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Helpdesks.Jira;

/// <summary>Jira Service Management webhooks, as the helpdesk sends them.</summary>
public sealed class JiraWebhookTests(AzuriteFixture azurite) : HelpdeskTest(azurite)
{
    [Fact]
    public async Task A_jira_issue_given_a_resolution_is_surveyed_under_its_key()
    {
        using var response = await Jira(Fixture("Jira", "jira-resolved.json"), delivery: "f0a1b2c3-0001");
        using var retried = await Jira(Fixture("Jira", "jira-resolved.json"), delivery: "f0a1b2c3-0001");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("duplicate", (await Json(retried))["status"]!.GetValue<string>());
        var survey = await Stored("jira", "HELP-12");
        Assert.Equal(("carol@example.org", "Carol Example", "VPN drops every hour", "Patrick Agent", "jira"), (survey!.CustomerEmail, survey.CustomerName, survey.Subject, survey.Agent, survey.Channel));
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 9, 58, 12, TimeSpan.Zero), survey.ResolvedAt);
    }

    [Fact]
    public async Task A_jira_reporter_with_a_hidden_email_is_counted_as_not_surveyed_until_a_delivery_brings_the_email()
    {
        using var hidden = await Jira(Fixture("Jira", "jira-hidden-email.json"));

        Assert.Equal(HttpStatusCode.OK, hidden.StatusCode);
        var answer = await Json(hidden);
        Assert.Equal(("notSurveyed", await Host.Services.SurveyIdOfAsync("HELP-13", "jira")), (answer["status"]!.GetValue<string>(), answer["surveyId"]!.GetValue<string>()));
        Assert.Contains("Atlassian hides it", answer["reason"]!.GetValue<string>());
        Assert.Equal((EmailState.Skipped, SkipReasons.NoEmail), ((await Stored("jira", "HELP-13"))!.Email, (await Stored("jira", "HELP-13"))!.SkipReason));
        var window = (await Host.RefreshScoreAsync())["windows"]!["allTime"]!;
        Assert.Equal((1, 1), (window["surveyed"]!.GetValue<int>(), window["notSurveyed"]!.GetValue<int>()));

        using var withEmail = await Jira(Fixture("Jira", "jira-hidden-email.json").Replace("\"displayName\":\"Private Person\"", "\"displayName\":\"Private Person\",\"emailAddress\":\"private@example.org\"", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Accepted, withEmail.StatusCode);
        Assert.Equal("private@example.org", SurveyMail.ToAddressOf(Assert.Single(await SendGrid.WaitForAsync(1))));
        window = (await Host.RefreshScoreAsync())["windows"]!["allTime"]!;
        Assert.Equal((1, 0), (window["surveyed"]!.GetValue<int>(), window["notSurveyed"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Jira_updates_that_do_not_resolve_and_forged_ones_survey_nothing()
    {
        using var comment = await Jira(Fixture("Jira", "jira-comment-only.json"));
        using var forged = await Jira(Fixture("Jira", "jira-resolved.json"), secret: "not-the-jira-secret-000");

        Assert.Equal("ignored", (await Json(comment))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Null(await Stored("jira", "HELP-12"));
    }

    private Task<HttpResponseMessage> Jira(string body, string? delivery = null, string secret = JiraSecret) =>
        Post("jira", body, ("X-Hub-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)))), ("X-Atlassian-Webhook-Identifier", delivery ?? Guid.NewGuid().ToString()));
}
