using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Tests.Infrastructure;
using CsatFunctions.Tickets;

namespace CsatFunctions.Tests.Helpdesks.Whmcs;

/// <summary>
/// The WHMCS route as the shipped hook calls it: the generic JSON plus the ticket's status, signed per
/// Standard Webhooks with the WHMCS secret (Csat__Helpdesks__whmcs__Secret), straight over HTTP.
/// </summary>
public sealed class WhmcsWebhookTests(AzuriteFixture azurite) : WhmcsTest(azurite)
{
    [Fact]
    public async Task A_closed_ticket_is_surveyed_once_whatever_the_retries_and_a_reopened_one_closed_again_is_not_surveyed_again()
    {
        var closed = Closed("516757", "Closed");
        using var first = await Whmcs(closed, webhookId: "msg_first");
        using var retry = await Whmcs(closed, webhookId: "msg_first");
        using var answered = await Whmcs(Closed("516757", "Answered"));
        using var closedAgain = await Whmcs(closed);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var surveyId = (await Json(first))["surveyId"]!.GetValue<string>();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""{"surveyId":"{{surveyId}}","status":"duplicate"}"""), await Json(retry)));
        Assert.Equal("ignored", (await Json(answered))["status"]!.GetValue<string>());
        Assert.Equal("duplicate", (await Json(closedAgain))["status"]!.GetValue<string>());
        var stored = (await Stored("whmcs", "516757"))!;
        Assert.Equal(("ann@example.org", "Ann", "Demo Admin", "whmcs"), (stored.CustomerEmail, stored.CustomerName, stored.Agent, stored.Channel));
        Assert.Equal("ann@example.org", SurveyMail.ToAddressOf(Assert.Single(await SendGrid.WaitForAsync(1))));
        await Host.WaitForQueueDrainedAsync();
        Assert.Single(SendGrid.Received);
    }

    [Fact]
    public async Task A_ticket_that_is_not_closed_is_a_reopen_that_stores_nothing_and_one_without_an_email_is_counted_not_surveyed()
    {
        using var open = await Whmcs(Closed("1001", "Customer-Reply"));
        using var noEmail = await Whmcs("""{"ticketId":"1002","customer":{"email":"","name":"Guest"},"status":"Closed"}""");

        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Equal("ignored", (await Json(open))["status"]!.GetValue<string>());
        Assert.Null(await Stored("whmcs", "1001"));
        Assert.Equal(HttpStatusCode.OK, noEmail.StatusCode);
        Assert.Equal("notSurveyed", (await Json(noEmail))["status"]!.GetValue<string>());
        Assert.NotNull(await Stored("whmcs", "1002"));
    }

    [Fact]
    public async Task Forged_missing_stale_or_generically_signed_deliveries_are_refused()
    {
        var body = Closed("2001", "Closed");
        using var forged = await Whmcs(body, secret: WrongSecret);
        using var stale = await Whmcs(body, signedAt: Host.Clock.GetUtcNow().AddMinutes(-10));
        using var unsigned = await Post("whmcs", body);
        using var genericSecret = await Post("whmcs", body, Signed(body, PipelineHost.WebhookSecret, Host.Clock.GetUtcNow(), "msg_generic"));

        Assert.All([forged, stale, unsigned, genericSecret], response => Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode));
        Assert.Contains("No webhook-signature matches", (await Json(forged))["detail"]!.GetValue<string>());
        Assert.Contains("more than 5 minutes", (await Json(stale))["detail"]!.GetValue<string>());
        Assert.Null(await Stored("whmcs", "2001"));
    }

    [Fact]
    public async Task Unicode_and_long_fields_are_kept_or_cut_as_every_route_cuts_them()
    {
        var subject = "Größere Festplatte? 🚀 " + string.Concat(Enumerable.Repeat("Re: ", 200));
        var body = new JsonObject
        {
            ["ticketId"] = "3001",
            ["customer"] = new JsonObject { ["email"] = "zoe@example.org", ["name"] = "Zoë Ünal-Łukasiewicz 山田" },
            ["subject"] = subject,
            ["agent"] = "Jörg Ølsen",
            ["status"] = "Closed",
        }.ToJsonString();

        using var response = await Whmcs(body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var stored = (await Stored("whmcs", "3001"))!;
        Assert.Equal(("Zoë Ünal-Łukasiewicz 山田", "Jörg Ølsen"), (stored.CustomerName, stored.Agent));
        Assert.StartsWith("Größere Festplatte? 🚀 Re: Re:", stored.Subject);
        Assert.InRange(stored.Subject!.Length, 490, 500);
        Assert.EndsWith("…", stored.Subject);
        Assert.Single(await SendGrid.WaitForAsync(1));
    }

    private static string Closed(string ticketId, string status) =>
        $$"""{"ticketId":"{{ticketId}}","customer":{"email":"ann@example.org","name":"Ann"},"subject":"Server unreachable","agent":"Demo Admin","channel":"whmcs","status":"{{status}}"}""";

    private Task<HttpResponseMessage> Whmcs(string body, string? webhookId = null, string secret = WhmcsSecret, DateTimeOffset? signedAt = null)
    {
        WebhookSecret.TryParse(secret, out var key);
        return Post("whmcs", body, Signed(body, key!, signedAt ?? Host.Clock.GetUtcNow(), webhookId ?? "msg_" + Guid.NewGuid().ToString("N")));
    }

    /// <summary>The Standard Webhooks headers the hook sends, as the generic route's senders sign them.</summary>
    public static (string Name, string Value)[] Signed(string body, WebhookSecret secret, DateTimeOffset signedAt, string webhookId)
    {
        var timestamp = signedAt.ToUnixTimeSeconds();
        return
        [
            ("webhook-id", webhookId),
            ("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture)),
            ("webhook-signature", secret.Sign(webhookId, timestamp, Encoding.UTF8.GetBytes(body))),
        ];
    }
}
