using System.Globalization;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Tests.Infrastructure;
using CsatFunctions.Tickets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Tests.Helpdesks.Whmcs;

/// <summary>
/// The shipped hook file, run by php-cli in a stand-in WHMCS (<see cref="WhmcsHook"/>) against the
/// self-host: what a WHMCS admin closing a ticket sets off.
/// </summary>
public sealed class WhmcsHookTests(AzuriteFixture azurite) : WhmcsTest(azurite)
{
    [Fact]
    public async Task A_closed_client_ticket_is_surveyed_once_with_the_clients_details_however_often_it_is_closed()
    {
        using var whmcs = new WhmcsHook(Url, WhmcsSecret);

        await whmcs.CloseTicketAsync(1);
        await whmcs.CloseTicketAsync(1);

        Assert.Empty(whmcs.ActivityLog);
        var stored = (await Stored("whmcs", "1"))!;
        Assert.Equal(
            ("cynthia@example.org", "Cynthia Reilly", "Server unreachable since 09:00 & no DNS", "Demo Admin", "whmcs", "technical support", "de", "Reilly Hosting Ltd"),
            (stored.CustomerEmail, stored.CustomerName, stored.Subject, stored.Agent, stored.Channel, stored.Touchpoint, stored.Locale, stored.Company));
        Assert.Equal("cynthia@example.org", SurveyMail.ToAddressOf(Assert.Single(await SendGrid.WaitForAsync(1))));
        await Host.WaitForQueueDrainedAsync();
        Assert.Single(SendGrid.Received);
    }

    [Fact]
    public async Task A_guest_ticket_in_any_script_and_a_ticket_without_its_own_contact_are_surveyed_with_what_whmcs_knows()
    {
        using var whmcs = new WhmcsHook(Url, WhmcsSecret);

        await Task.WhenAll(whmcs.CloseTicketAsync(2), whmcs.CloseTicketAsync(3));

        Assert.Empty(whmcs.ActivityLog);
        var guest = (await Stored("whmcs", "2"))!;
        Assert.Equal(
            ("zoe@example.org", "Zoë Ünal-Łukasiewicz 山田", "Größere Festplatte? 🚀 “quotes” 'apostrophe'", "Jörg Ølsen", null),
            (guest.CustomerEmail, guest.CustomerName, guest.Subject, guest.Agent, guest.Locale));
        var client = (await Stored("whmcs", "3"))!;
        Assert.Equal(("piet@example.org", "Piet de Vries", "Demo Admin", "nl", null), (client.CustomerEmail, client.CustomerName, client.Agent, client.Locale, client.Company));
        Assert.Equal(["piet@example.org", "zoe@example.org"], (await SendGrid.WaitForAsync(2)).Select(SurveyMail.ToAddressOf).Order());
    }

    [Fact]
    public async Task A_refused_delivery_is_written_to_the_activity_log_without_the_secret_or_the_address_and_the_close_goes_on()
    {
        using var whmcs = new WhmcsHook(Url, WrongSecret);

        await whmcs.CloseTicketAsync(1);

        var entry = Assert.Single(whmcs.ActivityLog);
        Assert.StartsWith("CSAT survey for ticket ID 1 not sent: the pipeline refused it with HTTP 401: No webhook-signature matches", entry);
        Assert.DoesNotContain("whsec_", entry);
        Assert.DoesNotContain("@", entry);
        Assert.Empty(whmcs.OutboxFiles);
        Assert.Null(await Stored("whmcs", "1"));
        Assert.Empty(SendGrid.Received);
    }

    [Fact]
    public async Task A_pipeline_that_is_down_a_missing_setting_or_an_unknown_ticket_is_logged_and_the_close_returns_at_once()
    {
        using var down = new WhmcsHook(DownUrl, WhmcsSecret);
        using var unconfigured = new WhmcsHook(Url, secret: null);
        using var unknown = new WhmcsHook(Url, WhmcsSecret);

        var took = await down.CloseTicketAsync(1);
        await unconfigured.CloseTicketAsync(1);
        await unknown.CloseTicketAsync(404);

        Assert.True(took < TimeSpan.FromSeconds(5), $"closing the ticket took {took} with the pipeline down");
        Assert.Contains("could not be reached", Assert.Single(down.ActivityLog));
        Assert.Single(down.OutboxFiles);
        Assert.Contains("set CSAT_WHMCS_URL and CSAT_WHMCS_SECRET", Assert.Single(unconfigured.ActivityLog));
        Assert.Empty(unconfigured.OutboxFiles.Concat(unknown.OutboxFiles));
        Assert.Equal("CSAT survey for ticket ID 404 not sent: GetTicket answered Ticket ID Not Found.", Assert.Single(unknown.ActivityLog));
        Assert.All(down.ActivityLog.Concat(unconfigured.ActivityLog), entry => Assert.DoesNotContain("@", entry));
        Assert.Null(await Stored("whmcs", "1"));
    }

    [Fact]
    public async Task The_hook_posts_the_generic_json_with_the_company_and_the_language_signed_with_the_whmcs_secret()
    {
        var bodies = new ConcurrentQueue<string>();
        await using var pipeline = await VendorApiStub.StartAsync(
            site => site.MapPost("/api/tickets/resolved/whmcs", async (HttpRequest request) =>
            {
                bodies.Enqueue(await new StreamReader(request.Body).ReadToEndAsync());
                return Results.Json(new { surveyId = "s", status = "accepted" }, statusCode: StatusCodes.Status202Accepted);
            }),
            status => "{}");
        using var whmcs = new WhmcsHook(RouteOn(pipeline.BaseUrl), WhmcsSecret);

        await whmcs.CloseTicketAsync(1);
        await whmcs.CloseTicketAsync(2);

        Assert.Empty(whmcs.ActivityLog);
        var client = JsonNode.Parse(bodies.First())!.AsObject();
        var guest = JsonNode.Parse(bodies.Last())!.AsObject();
        Assert.Equal(
            ["ticketId", "customer", "subject", "agent", "channel", "touchpoint", "status", "resolvedAt", "company", "locale"],
            client.Select(property => property.Key));
        Assert.Equal(("1", "Reilly Hosting Ltd", "de", "Technical Support", "Closed"), (Text(client, "ticketId"), Text(client, "company"), Text(client, "locale"), Text(client, "touchpoint"), Text(client, "status")));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", Text(client, "resolvedAt"));
        Assert.False(guest.ContainsKey("company") || guest.ContainsKey("locale"), "a guest has no company or language in WHMCS");
        WebhookSecret.TryParse(WhmcsSecret, out var secret);
        Assert.All(pipeline.RequestHeaders.Zip(bodies), delivery =>
        {
            var (headers, body) = delivery;
            Assert.StartsWith("msg_", headers["webhook-id"].ToString());
            Assert.Null(WebhookSignature.Check(secret!, headers, Encoding.UTF8.GetBytes(body), Host.Clock.GetUtcNow()));
        });
    }

    [Fact]
    public async Task A_reply_or_status_change_leaving_the_ticket_open_posts_a_signed_reopen_and_one_leaving_it_closed_posts_nothing()
    {
        var bodies = new ConcurrentQueue<string>();
        await using var pipeline = await VendorApiStub.StartAsync(
            site => site.MapPost("/api/tickets/resolved/whmcs", async (HttpRequest request) =>
            {
                bodies.Enqueue(await new StreamReader(request.Body).ReadToEndAsync());
                return Results.Json(new { status = "ignored", reason = "r" });
            }),
            status => "{}");
        using var whmcs = new WhmcsHook(RouteOn(pipeline.BaseUrl), WhmcsSecret);
        var before = Host.Clock.GetUtcNow().AddSeconds(-1);

        await whmcs.ChangeTicketAsync("TicketUserReply", 1, "Customer-Reply");
        await whmcs.ChangeTicketAsync("TicketAdminReply", 2, "Answered");
        await whmcs.ChangeTicketAsync("TicketStatusChange", 3, "Open");
        await whmcs.ChangeTicketAsync("TicketStatusChange", 1, "Closed");
        await whmcs.ChangeTicketAsync("TicketAdminReply", 1, "Closed");

        Assert.Empty(whmcs.ActivityLog);
        var reopens = bodies.Select(body => JsonNode.Parse(body)!.AsObject()).ToList();
        Assert.Equal(["1", "2", "3"], reopens.Select(reopen => Text(reopen, "ticketId")));
        Assert.All(reopens, reopen =>
        {
            Assert.Equal(["ticketId", "status", "reopenedAt"], reopen.Select(property => property.Key));
            Assert.Equal(TicketFields.ReopenedStatus, Text(reopen, "status"));
            // Under the calendar lanes' faketime, PHP's clock may run a few seconds ahead (WhmcsHook starts each run after the last).
            Assert.InRange(DateTimeOffset.Parse(Text(reopen, "reopenedAt")!, CultureInfo.InvariantCulture), before, Host.Clock.GetUtcNow().AddSeconds(5));
        });
        WebhookSecret.TryParse(WhmcsSecret, out var secret);
        Assert.All(pipeline.RequestHeaders.Zip(bodies), delivery => Assert.Null(WebhookSignature.Check(secret!, delivery.First, Encoding.UTF8.GetBytes(delivery.Second), Host.Clock.GetUtcNow())));
    }

    [Fact]
    public async Task A_pipeline_that_does_not_answer_is_given_up_after_five_seconds_and_logged()
    {
        await using var pipeline = await VendorApiStub.StartAsync(site => site.MapPost("/api/tickets/resolved/whmcs", () => Results.Accepted()), status => "{}");
        pipeline.Fault = VendorFault.Slow;
        pipeline.SlowBy = TimeSpan.FromSeconds(30);
        using var whmcs = new WhmcsHook(RouteOn(pipeline.BaseUrl), WhmcsSecret);

        var took = await whmcs.CloseTicketAsync(1);

        Assert.InRange(took, TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(10));
        Assert.Contains("could not be reached", Assert.Single(whmcs.ActivityLog));
        Assert.Single(whmcs.OutboxFiles);
    }

    private static string? Text(JsonObject json, string name) => json[name]?.GetValue<string>();
}
