using System.Net;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Helpdesks.Freshservice;

/// <summary>Freshservice Workflow Automator webhooks, with the body and header docs/helpdesks/freshservice.md gives.</summary>
public sealed class FreshserviceWebhookTests(AzuriteFixture azurite) : HelpdeskTest(azurite)
{
    [Fact]
    public async Task A_resolved_freshservice_ticket_is_surveyed_once_whatever_the_redeliveries_and_reopenings()
    {
        var resolved = Fixture("Freshservice", "freshservice-resolved.json");
        using var first = await Freshservice(resolved);
        using var redelivered = await Freshservice(resolved);
        using var reopened = await Freshservice(resolved.Replace("\"Resolved\"", "\"Open\"", StringComparison.Ordinal));
        using var closed = await Freshservice(resolved.Replace("\"Resolved\"", "\"Closed\"", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal("duplicate", (await Json(redelivered))["status"]!.GetValue<string>());
        Assert.Equal("ignored", (await Json(reopened))["status"]!.GetValue<string>());
        Assert.Equal("duplicate", (await Json(closed))["status"]!.GetValue<string>());
        var survey = (await Stored("freshservice", "4711"))!;
        Assert.Equal(("dana@example.org", "Dana Example", "Cannot reach the VPN", "Lee Agent", "Portal"), (survey.CustomerEmail, survey.CustomerName, survey.Subject, survey.Agent, survey.Channel));
        Assert.Equal("Northwind Traders", survey.Company);
        Assert.Single(await SendGrid.WaitForAsync(1));
        await Host.WaitForQueueDrainedAsync();
        Assert.Single(SendGrid.Received);
    }

    [Fact]
    public async Task Freshservice_status_ids_four_and_five_and_a_status_it_does_not_know_resolve_and_pending_three_does_not()
    {
        var resolved = Fixture("Freshservice", "freshservice-resolved.json");
        using var four = await Freshservice(resolved.Replace("\"Resolved\"", "\"4\"", StringComparison.Ordinal));
        using var five = await Freshservice(resolved.Replace("\"Resolved\"", "5", StringComparison.Ordinal).Replace("4711", "4712", StringComparison.Ordinal));
        using var pending = await Freshservice(resolved.Replace("\"Resolved\"", "3", StringComparison.Ordinal).Replace("4711", "4713", StringComparison.Ordinal));
        using var translated = await Freshservice(resolved.Replace("\"Resolved\"", "\"Gelöst\"", StringComparison.Ordinal).Replace("4711", "4715", StringComparison.Ordinal));

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted), (four.StatusCode, five.StatusCode, translated.StatusCode));
        Assert.NotNull(await Stored("freshservice", "4715"));
        Assert.Equal("ignored", (await Json(pending))["status"]!.GetValue<string>());
        Assert.Null(await Stored("freshservice", "4713"));
    }

    [Fact]
    public async Task Freshservice_deliveries_without_the_shared_secret_header_are_refused()
    {
        var body = Fixture("Freshservice", "freshservice-resolved.json");
        using var missing = await Post("freshservice", body);
        using var wrong = await Freshservice(body, secret: "not-the-freshservice-secret");
        using var freshdesks = await Freshservice(body, secret: FreshdeskSecret);

        Assert.All([missing, wrong, freshdesks], response => Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode));
        Assert.Null(await Stored("freshservice", "4711"));
    }

    [Fact]
    public async Task A_freshservice_requester_without_an_email_is_counted_and_unicode_and_long_fields_are_kept()
    {
        var resolved = Fixture("Freshservice", "freshservice-resolved.json");
        using var counted = await Freshservice(resolved.Replace("dana@example.org", "", StringComparison.Ordinal));
        var subject = "Привет, VPN не работает 🔒 " + string.Concat(Enumerable.Repeat("снова ", 120));
        using var surveyed = await Freshservice(resolved.Replace("4711", "4714", StringComparison.Ordinal).Replace("Cannot reach the VPN", subject, StringComparison.Ordinal).Replace("Dana Example", "Đặng Thị Ngọc Ánh", StringComparison.Ordinal));

        Assert.Equal((HttpStatusCode.OK, "notSurveyed"), (counted.StatusCode, (await Json(counted))["status"]!.GetValue<string>()));
        Assert.Equal(SkipReasons.NoEmail, (await Stored("freshservice", "4711"))!.SkipReason);
        Assert.Equal(HttpStatusCode.Accepted, surveyed.StatusCode);
        var survey = (await Stored("freshservice", "4714"))!;
        Assert.Equal((500, "Đặng Thị Ngọc Ánh"), (survey.Subject!.Length, survey.CustomerName));
        Assert.StartsWith("Привет, VPN не работает 🔒 снова", survey.Subject);
    }

    private Task<HttpResponseMessage> Freshservice(string body, string secret = FreshserviceSecret) =>
        Post("freshservice", body, ("X-Csat-Secret", secret));
}
