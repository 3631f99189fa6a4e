using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Helpdesks.Zammad;

/// <summary>Zammad trigger webhooks with Zammad's default payload, as the helpdesk sends them.</summary>
public sealed class ZammadWebhookTests(AzuriteFixture azurite) : HelpdeskTest(azurite)
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Csat:Helpdesks:zammad:ClosedStates"] = "closed, Solved";
    }

    [Fact]
    public async Task A_closed_zammad_ticket_is_surveyed_once_whatever_the_redeliveries_and_reopenings()
    {
        var closed = Fixture("Zammad", "zammad-closed.json");
        using var first = await Zammad(closed, delivery: "8a3c7c6e-0001");
        using var redelivered = await Zammad(closed, delivery: "8a3c7c6e-0001");
        using var reopened = await Zammad(Fixture("Zammad", "zammad-reopened.json"), delivery: "8a3c7c6e-0002");
        using var closedAgain = await Zammad(closed, delivery: "8a3c7c6e-0003");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var surveyId = (await Json(first))["surveyId"]!.GetValue<string>();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""{"surveyId":"{{surveyId}}","status":"duplicate"}"""), await Json(redelivered)));
        Assert.Equal("ignored", (await Json(reopened))["status"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.OK, "duplicate"), (closedAgain.StatusCode, (await Json(closedAgain))["status"]!.GetValue<string>()));
        var survey = (await Stored("zammad", "81"))!;
        Assert.Equal(("emily@example.com", "Emily Adams", "Mailbox over quota", "Emma Taylor", "email", "service desk"), (survey.CustomerEmail, survey.CustomerName, survey.Subject, survey.Agent, survey.Channel, survey.Touchpoint));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 12, 40, 117, TimeSpan.Zero), survey.ResolvedAt);
        Assert.Equal("Awesome Customer Inc.", survey.Company);
        Assert.Equal("emily@example.com", SurveyMail.ToAddressOf(Assert.Single(await SendGrid.WaitForAsync(1))));
        await Host.WaitForQueueDrainedAsync();
        Assert.Single(SendGrid.Received);
    }

    [Fact]
    public async Task Forged_unsigned_or_otherwise_signed_zammad_deliveries_are_refused()
    {
        var body = Fixture("Zammad", "zammad-closed.json");
        using var forged = await Zammad(body, token: "another-signature-token");
        using var unsigned = await Post("zammad", body, ("X-Zammad-Delivery", "8a3c7c6e-0004"));
        using var sha256 = await Post("zammad", body, ("X-Hub-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(ZammadSecret), Encoding.UTF8.GetBytes(body)))));
        using var tampered = await Post("zammad", body.Replace("Mailbox over quota", "Mailbox fine", StringComparison.Ordinal), Signed(body, ZammadSecret));

        Assert.All([forged, unsigned, sha256, tampered], response => Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode));
        Assert.Contains("X-Hub-Signature", (await Json(forged))["detail"]!.GetValue<string>());
        Assert.Null(await Stored("zammad", "81"));
    }

    [Fact]
    public async Task A_zammad_customer_without_an_email_is_counted_and_a_configured_state_closes_too()
    {
        var noEmail = Fixture("Zammad", "zammad-closed.json").Replace("\"email\": \"emily@example.com\"", "\"email\": \"\"", StringComparison.Ordinal);
        var solved = Fixture("Zammad", "zammad-closed.json").Replace("\"id\": 81,", "\"id\": 82,", StringComparison.Ordinal).Replace("\"state\": \"closed\"", "\"state\": \"solved\"", StringComparison.Ordinal);
        using var counted = await Zammad(noEmail);
        using var surveyed = await Zammad(solved);

        Assert.Equal((HttpStatusCode.OK, "notSurveyed"), (counted.StatusCode, (await Json(counted))["status"]!.GetValue<string>()));
        Assert.Equal((EmailState.Skipped, SkipReasons.NoEmail), ((await Stored("zammad", "81"))!.Email, (await Stored("zammad", "81"))!.SkipReason));
        Assert.Equal(HttpStatusCode.Accepted, surveyed.StatusCode);
        Assert.NotNull(await Stored("zammad", "82"));
    }

    [Fact]
    public async Task A_zammad_ticket_with_unicode_a_long_title_and_no_owner_is_surveyed()
    {
        var title = "Überlauf des Postfachs — 邮箱已满 🚨 " + string.Concat(Enumerable.Repeat("Re: ", 200));
        var body = Fixture("Zammad", "zammad-closed.json")
            .Replace("Mailbox over quota", title, StringComparison.Ordinal)
            .Replace("\"firstname\": \"Emily\"", "\"firstname\": \"Zoë\"", StringComparison.Ordinal)
            .Replace("\"lastname\": \"Adams\"", "\"lastname\": \"Ærøskøbing-Łukasiewicz\"", StringComparison.Ordinal)
            .Replace("\"id\": 5,", "\"id\": 1,", StringComparison.Ordinal);

        using var response = await Zammad(body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var survey = (await Stored("zammad", "81"))!;
        Assert.StartsWith("Überlauf des Postfachs — 邮箱已满 🚨 Re: Re:", survey.Subject);
        Assert.Equal((500, "Zoë Ærøskøbing-Łukasiewicz", null), (survey.Subject!.Length, survey.CustomerName, survey.Agent));
        Assert.Single(await SendGrid.WaitForAsync(1));
    }

    private Task<HttpResponseMessage> Zammad(string body, string? delivery = null, string token = ZammadSecret) =>
        Post("zammad", body, [.. Signed(body, token), ("X-Zammad-Delivery", delivery ?? Guid.NewGuid().ToString()), ("X-Zammad-Trigger", "CSAT survey on close")]);

    /// <summary>Zammad's signature, as its UserAgent sets it: <c>sha1=</c> and the hex HMAC-SHA1 of the body under the webhook's token.</summary>
    public static (string Name, string Value)[] Signed(string body, string token) =>
        [("X-Hub-Signature", "sha1=" + Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(body))))];
}
