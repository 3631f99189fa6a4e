using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Helpdesks.Zendesk;

/// <summary>Zendesk trigger webhooks, as the helpdesk sends them.</summary>
public sealed class ZendeskWebhookTests(AzuriteFixture azurite) : HelpdeskTest(azurite)
{
    [Fact]
    public async Task A_solved_zendesk_ticket_is_surveyed_once_whatever_the_retries()
    {
        using var first = await Zendesk(Fixture("Zendesk", "zendesk-solved.json"), invocation: "8350205582");
        using var retry = await Zendesk(Fixture("Zendesk", "zendesk-solved.json"), invocation: "8350205582");
        using var resolvedAgain = await Zendesk(Fixture("Zendesk", "zendesk-solved.json"), invocation: "8350209999");

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
    public async Task A_ticket_solved_in_a_german_zendesk_is_counted_and_surveyed_and_its_reopen_in_german_changes_nothing()
    {
        // A body written with {{ticket.status}}, which a German account renders "Gelöst" and "Offen".
        var solved = Fixture("Zendesk", "zendesk-solved.json").Replace("\"status\": \"Solved\"", "\"status\": \"Gelöst\"", StringComparison.Ordinal);
        var reopened = Fixture("Zendesk", "zendesk-reopened.json").Replace("\"status\": \"Open\"", "\"status\": \"Offen\"", StringComparison.Ordinal);
        Assert.Contains("Gelöst", solved);
        Assert.Contains("Offen", reopened);

        using var resolution = await Zendesk(solved);
        var mail = Assert.Single(await SendGrid.WaitForAsync(1));
        using var reopen = await Zendesk(reopened);

        Assert.Equal(HttpStatusCode.Accepted, resolution.StatusCode);
        var surveyId = (await Json(resolution))["surveyId"]!.GetValue<string>();
        Assert.Equal(await Host.Services.SurveyIdOfAsync("35436", "zendesk"), surveyId);
        Assert.Equal("ann@example.org", SurveyMail.ToAddressOf(mail));
        var answer = await Json(reopen);
        Assert.Equal((HttpStatusCode.OK, "duplicate", surveyId), (reopen.StatusCode, answer["status"]!.GetValue<string>(), answer["surveyId"]!.GetValue<string>()));
        await Host.WaitForQueueDrainedAsync();
        Assert.Single(SendGrid.Received);
    }

    [Fact]
    public async Task A_zendesk_ticket_closed_by_a_merge_is_not_surveyed()
    {
        using var response = await Zendesk(Fixture("Zendesk", "zendesk-merged.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ignored", (await Json(response))["status"]!.GetValue<string>());
        Assert.Null(await Stored("zendesk", "35437"));
    }

    [Fact]
    public async Task Forged_stale_or_malformed_zendesk_deliveries_are_refused()
    {
        using var forged = await Zendesk(Fixture("Zendesk", "zendesk-solved.json"), secret: "another-secret-0123456789");
        using var stale = await Zendesk(Fixture("Zendesk", "zendesk-solved.json"), signedAt: Host.Clock.GetUtcNow().AddMinutes(-10));
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
        var body = Fixture("Zendesk", "zendesk-solved.json").Replace("Server unreachable since 09:00", subject, StringComparison.Ordinal);
        Assert.Contains(subject, body);

        using var response = await Zendesk(body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var stored = (await Stored("zendesk", "35436"))!.Subject!;
        Assert.StartsWith("Re: Fw: Server down since 09:00 Re: Re:", stored);
        Assert.Equal(500, stored.Length);
        Assert.EndsWith("…", stored);
        Assert.Single(await SendGrid.WaitForAsync(1));
    }

    private Task<HttpResponseMessage> Zendesk(string body, string? invocation = null, string secret = ZendeskSecret, DateTimeOffset? signedAt = null) =>
        Post("zendesk", body, Signed(body, secret, signedAt ?? Host.Clock.GetUtcNow(), invocation ?? Guid.NewGuid().ToString("N")));

    /// <summary>The headers Zendesk sends with a delivery: its signature over the timestamp and body, and the invocation id.</summary>
    public static (string Name, string Value)[] Signed(string body, string secret, DateTimeOffset signedAt, string invocation)
    {
        var timestamp = signedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + body)));
        return [("X-Zendesk-Webhook-Signature", signature), ("X-Zendesk-Webhook-Signature-Timestamp", timestamp), ("X-Zendesk-Webhook-Invocation-Id", invocation)];
    }
}
