using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Tickets;

/// <summary>Each helpdesk's own webhook, with deliveries built from the vendors' documented payloads.</summary>
public sealed class HelpdeskWebhookTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    private const string ZendeskSecret = "zendesk-signing-secret-0123456789";
    private const string HelpScoutSecret = "helpscout-secret-key-0123456789";
    private const string JiraSecret = "jira-webhook-secret-0123456789";
    private const string FreshdeskSecret = "freshdesk-shared-secret-0123456789";

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Csat:ZendeskSecret"] = ZendeskSecret;
        settings["Csat:HelpScoutSecret"] = HelpScoutSecret;
        settings["Csat:JiraSecret"] = JiraSecret;
        settings["Csat:FreshdeskSecret"] = FreshdeskSecret;
    }

    [Fact]
    public async Task A_solved_zendesk_ticket_is_surveyed_once_whatever_the_retries()
    {
        using var first = await Zendesk(Fixture("zendesk-solved.json"), invocation: "8350205582");
        using var retry = await Zendesk(Fixture("zendesk-solved.json"), invocation: "8350205582");
        using var resolvedAgain = await Zendesk(Fixture("zendesk-solved.json"), invocation: "8350209999");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var surveyId = (await Json(first))["surveyId"]!.GetValue<string>();
        Assert.Equal(await Host.Services.SurveyIdOfAsync("35436", "zendesk"), surveyId);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""{"surveyId":"{{surveyId}}","status":"duplicate"}"""), await Json(retry)));
        Assert.Equal(HttpStatusCode.OK, resolvedAgain.StatusCode);
        var mail = Assert.Single(await SendGrid.WaitForAsync(1));
        Assert.Equal("ann@example.org", SurveyMail.ToAddressOf(mail));
        Assert.Equal("How did we do? Server unreachable since 09:00", mail.Json["personalizations"]![0]!["subject"]!.GetValue<string>());
        await Host.WaitForQueueDrainedAsync();
        Assert.Single(SendGrid.Received);
    }

    [Fact]
    public async Task A_zendesk_ticket_closed_by_a_merge_is_not_surveyed()
    {
        using var response = await Zendesk(Fixture("zendesk-merged.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ignored", (await Json(response))["status"]!.GetValue<string>());
        Assert.Null(await Stored("zendesk", "35437"));
    }

    [Fact]
    public async Task Forged_stale_or_malformed_zendesk_deliveries_are_refused()
    {
        using var forged = await Zendesk(Fixture("zendesk-solved.json"), secret: "another-secret-0123456789");
        using var stale = await Zendesk(Fixture("zendesk-solved.json"), signedAt: Host.Clock.GetUtcNow().AddMinutes(-10));
        using var malformed = await Zendesk("""{"customer":{"email":"a@example.org"},"status":"solved"}""");
        using var noEmail = await Zendesk("""{"ticketId":"1","customer":{"email":""},"status":"solved"}""");

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.NotNull((await Json(malformed))["errors"]!["ticketId"]);
        Assert.Equal(HttpStatusCode.OK, noEmail.StatusCode);
        Assert.Equal("notSurveyed", (await Json(noEmail))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_zendesk_subject_with_escaped_line_breaks_tabs_and_a_long_reply_chain_is_surveyed()
    {
        var subject = "Re: Fw: Server down\\n\\tsince 09:00 " + string.Concat(Enumerable.Repeat("Re: ", 200));
        var body = Fixture("zendesk-solved.json").Replace("Server unreachable since 09:00", subject, StringComparison.Ordinal);
        Assert.Contains(subject, body);

        using var response = await Zendesk(body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var stored = (await Stored("zendesk", "35436"))!.Subject!;
        Assert.StartsWith("Re: Fw: Server down since 09:00 Re: Re:", stored);
        Assert.Equal(500, stored.Length);
        Assert.EndsWith("…", stored);
        Assert.Single(await SendGrid.WaitForAsync(1));
    }

    [Theory]
    [InlineData("helpscout-closed-v2.json", "123", "rob@acme.com", "Rob Robertovic", "Mr Robot", "phone")]
    [InlineData("helpscout-closed-legacy.json", "2391938111", "vbear@mywork.com", "Vernon Bear", "Jack Sprout", "email")]
    public async Task A_closed_help_scout_conversation_is_surveyed_in_either_payload_shape(string fixture, string id, string email, string name, string agent, string channel)
    {
        using var response = await HelpScout(Fixture(fixture));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var survey = await Stored("helpscout", id);
        Assert.Equal((email, name, agent, channel), (survey!.CustomerEmail, survey.CustomerName, survey.Agent, survey.Channel));
    }

    [Fact]
    public async Task A_ten_character_help_scout_secret_as_in_its_own_example_works_and_is_warned_about_without_echoing_it()
    {
        var logs = new CsatFunctions.Tests.SelfHost.SecretExposureTests.LogCapture();
        await using var host = await PipelineHost.StartAsync(Azurite.ConnectionString, SendGrid, settings => settings["Csat:HelpScoutSecret"] = "hs-secret1", logging: logs);
        var body = Fixture("helpscout-closed-v2.json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets/resolved/helpscout") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-HelpScout-Signature", Convert.ToBase64String(HMACSHA1.HashData("hs-secret1"u8, Encoding.UTF8.GetBytes(body))));
        request.Headers.Add("X-HelpScout-Event", "convo.status");

        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Contains("Csat__HelpScoutSecret is shorter than 16 characters", logs.Text);
        Assert.DoesNotContain("hs-secret1", logs.Text);
    }

    [Fact]
    public async Task Other_help_scout_events_and_forged_ones_survey_nothing()
    {
        using var active = await HelpScout(Fixture("helpscout-active.json"));
        using var otherEvent = await HelpScout(Fixture("helpscout-closed-v2.json"), eventName: "convo.assigned");
        using var forged = await HelpScout(Fixture("helpscout-closed-v2.json"), secret: "not-the-help-scout-secret");

        Assert.Equal("ignored", (await Json(active))["status"]!.GetValue<string>());
        Assert.Equal("ignored", (await Json(otherEvent))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Null(await Stored("helpscout", "123"));
    }

    [Fact]
    public async Task A_jira_issue_given_a_resolution_is_surveyed_under_its_key()
    {
        using var response = await Jira(Fixture("jira-resolved.json"), delivery: "f0a1b2c3-0001");
        using var retried = await Jira(Fixture("jira-resolved.json"), delivery: "f0a1b2c3-0001");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("duplicate", (await Json(retried))["status"]!.GetValue<string>());
        var survey = await Stored("jira", "HELP-12");
        Assert.Equal(("carol@example.org", "Carol Example", "VPN drops every hour", "Patrick Agent", "jira"), (survey!.CustomerEmail, survey.CustomerName, survey.Subject, survey.Agent, survey.Channel));
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 9, 58, 12, TimeSpan.Zero), survey.ResolvedAt);
    }

    [Fact]
    public async Task A_jira_reporter_with_a_hidden_email_is_counted_as_not_surveyed_until_a_delivery_brings_the_email()
    {
        using var hidden = await Jira(Fixture("jira-hidden-email.json"));

        Assert.Equal(HttpStatusCode.OK, hidden.StatusCode);
        var answer = await Json(hidden);
        Assert.Equal(("notSurveyed", await Host.Services.SurveyIdOfAsync("HELP-13", "jira")), (answer["status"]!.GetValue<string>(), answer["surveyId"]!.GetValue<string>()));
        Assert.Contains("Atlassian hides it", answer["reason"]!.GetValue<string>());
        Assert.Equal((EmailState.Skipped, SkipReasons.NoEmail), ((await Stored("jira", "HELP-13"))!.Email, (await Stored("jira", "HELP-13"))!.SkipReason));
        var window = (await Host.RefreshScoreAsync())["windows"]!["allTime"]!;
        Assert.Equal((1, 1), (window["surveyed"]!.GetValue<int>(), window["notSurveyed"]!.GetValue<int>()));

        using var withEmail = await Jira(Fixture("jira-hidden-email.json").Replace("\"displayName\":\"Private Person\"", "\"displayName\":\"Private Person\",\"emailAddress\":\"private@example.org\"", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Accepted, withEmail.StatusCode);
        Assert.Equal("private@example.org", SurveyMail.ToAddressOf(Assert.Single(await SendGrid.WaitForAsync(1))));
        window = (await Host.RefreshScoreAsync())["windows"]!["allTime"]!;
        Assert.Equal((1, 0), (window["surveyed"]!.GetValue<int>(), window["notSurveyed"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Jira_updates_that_do_not_resolve_and_forged_ones_survey_nothing()
    {
        using var comment = await Jira(Fixture("jira-comment-only.json"));
        using var forged = await Jira(Fixture("jira-resolved.json"), secret: "not-the-jira-secret-000");

        Assert.Equal("ignored", (await Json(comment))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Null(await Stored("jira", "HELP-12"));
    }

    [Fact]
    public async Task A_resolved_freshdesk_ticket_needs_the_shared_secret_header()
    {
        using var missing = await Freshdesk(Fixture("freshdesk-resolved.json"), secret: null);
        using var accepted = await Freshdesk(Fixture("freshdesk-resolved.json"), secret: FreshdeskSecret);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("Chat", (await Stored("freshdesk", "1042"))!.Channel);
    }

    [Fact]
    public async Task The_same_ticket_number_in_two_helpdesks_is_two_surveys()
    {
        var body = """{"ticketId":"1042","customer":{"email":"same@example.org"},"status":"resolved"}""";

        using var fromFreshdesk = await Freshdesk(body, FreshdeskSecret);
        using var fromZendesk = await Zendesk(body.Replace("resolved", "solved", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Accepted, fromFreshdesk.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, fromZendesk.StatusCode);
    }

    [Fact]
    public async Task An_unknown_helpdesk_is_404_and_an_unconfigured_one_names_its_setting()
    {
        using var unknown = await Host.Http.PostAsync("/api/tickets/resolved/kayako", new StringContent("{}"));
        await using var bare = await PipelineHost.StartAsync(Azurite.ConnectionString, SendGrid);
        using var unconfigured = await bare.Http.PostAsync("/api/tickets/resolved/jira", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("zendesk, helpscout, jira, freshdesk", (await Json(unknown))["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, unconfigured.StatusCode);
        Assert.Contains("Csat__JiraSecret", (await Json(unconfigured))["detail"]!.GetValue<string>());
    }

    private Task<HttpResponseMessage> Zendesk(string body, string? invocation = null, string secret = ZendeskSecret, DateTimeOffset? signedAt = null)
    {
        var timestamp = (signedAt ?? Host.Clock.GetUtcNow()).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + body)));
        return Post("zendesk", body, ("X-Zendesk-Webhook-Signature", signature), ("X-Zendesk-Webhook-Signature-Timestamp", timestamp), ("X-Zendesk-Webhook-Invocation-Id", invocation ?? Guid.NewGuid().ToString("N")));
    }

    private Task<HttpResponseMessage> HelpScout(string body, string eventName = "convo.status", string secret = HelpScoutSecret) =>
        Post("helpscout", body, ("X-HelpScout-Signature", Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)))), ("X-HelpScout-Event", eventName));

    private Task<HttpResponseMessage> Jira(string body, string? delivery = null, string secret = JiraSecret) =>
        Post("jira", body, ("X-Hub-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)))), ("X-Atlassian-Webhook-Identifier", delivery ?? Guid.NewGuid().ToString()));

    private Task<HttpResponseMessage> Freshdesk(string body, string? secret) =>
        secret is null ? Post("freshdesk", body) : Post("freshdesk", body, ("X-Csat-Secret", secret));

    private async Task<HttpResponseMessage> Post(string helpdesk, string body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/resolved/{helpdesk}") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await Host.Http.SendAsync(request);
    }

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Tickets", "Fixtures", name));

    private static async Task<JsonNode> Json(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    private async Task<Survey?> Stored(string helpdesk, string ticketId) =>
        (await Host.Services.GetRequiredService<SurveysByTicket>().FindAsync(SurveysByTicket.KeyOf(helpdesk, ticketId), CancellationToken.None))?.SurveyId is { } id
            ? (await Host.Services.GetRequiredService<SurveyTable>().GetAsync(id, CancellationToken.None))?.Survey
            : null;
}
