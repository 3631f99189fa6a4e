using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Tests.Infrastructure;
using CsatFunctions.Tickets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Tests.Helpdesks.Whmcs;

/// <summary>
/// The hook file's outbox: a close the pipeline could not take is saved and resent by WHMCS's cron
/// (AfterCronJob) with the same webhook-id, so every closed ticket is counted once, however the
/// pipeline failed and however often the cron resends it.
/// </summary>
public sealed class WhmcsOutboxTests(AzuriteFixture azurite) : WhmcsTest(azurite)
{
    // The hook runs under /usr/bin/php, so these tests run where file modes are Unix ones.
    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task A_close_while_the_pipeline_is_down_is_saved_privately_and_surveyed_once_by_the_cron_even_when_resent_after_a_crash()
    {
        using var whmcs = new WhmcsHook(DownUrl, WhmcsSecret);

        var took = await whmcs.CloseTicketAsync(1);

        Assert.True(took < TimeSpan.FromSeconds(5), $"closing the ticket took {took} with the pipeline down");
        var saved = Assert.Single(whmcs.OutboxFiles);
        var entry = Assert.Single(whmcs.ActivityLog);
        Assert.StartsWith("CSAT survey for ticket ID 1 not sent: the pipeline at ", entry);
        Assert.EndsWith("Saved to the outbox: WHMCS's cron resends it for up to 3 days.", entry);
        Assert.DoesNotContain("@", entry);
        var content = File.ReadAllText(saved);
        Assert.DoesNotContain("whsec_", content);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(whmcs.Outbox));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(saved));
        var delivery = JsonNode.Parse(content)!;
        Assert.Equal((1, 1, Path.GetFileNameWithoutExtension(saved)), ((int)delivery["ticketId"]!, (int)delivery["attempts"]!, (string)delivery["webhookId"]!));

        whmcs.Url = Url;
        await whmcs.RunCronAsync();

        Assert.Empty(whmcs.OutboxFiles);
        Assert.Equal("CSAT survey for ticket ID 1 sent from the outbox on attempt 2.", whmcs.ActivityLog[^1]);
        Assert.Equal("cynthia@example.org", (await Stored("whmcs", "1"))!.CustomerEmail);
        Assert.Single(await SendGrid.WaitForAsync(1));

        // PHP stopped between the pipeline's answer and the delete: the next run sends it again.
        File.WriteAllText(saved, content);
        await whmcs.RunCronAsync();

        Assert.Empty(whmcs.OutboxFiles);
        await Host.WaitForQueueDrainedAsync();
        Assert.Single(SendGrid.Received);
    }

    [Fact]
    public async Task A_throttled_close_is_resent_by_the_cron_with_the_same_webhook_id_and_body_under_a_fresh_signature()
    {
        var bodies = new ConcurrentQueue<string>();
        await using var pipeline = await VendorApiStub.StartAsync(
            site => site.MapPost("/api/tickets/resolved/whmcs", async (HttpRequest request) =>
            {
                bodies.Enqueue(await new StreamReader(request.Body).ReadToEndAsync());
                return Results.Json(new { surveyId = "s", status = "accepted" }, statusCode: StatusCodes.Status202Accepted);
            }),
            status => """{"title":"Too many requests"}""");
        pipeline.Fault = VendorFault.RateLimited;
        pipeline.FaultCount = 1;
        using var whmcs = new WhmcsHook(RouteOn(pipeline.BaseUrl), WhmcsSecret);

        await whmcs.CloseTicketAsync(1);

        Assert.Contains("HTTP 429", Assert.Single(whmcs.ActivityLog));
        var saved = JsonNode.Parse(File.ReadAllText(Assert.Single(whmcs.OutboxFiles)))!;

        await whmcs.RunCronAsync();

        Assert.Empty(whmcs.OutboxFiles);
        var headers = pipeline.RequestHeaders.ToArray();
        Assert.Equal(2, headers.Length);
        Assert.All(headers, sent => Assert.Equal((string)saved["webhookId"]!, sent["webhook-id"].ToString()));
        WebhookSecret.TryParse(WhmcsSecret, out var secret);
        Assert.Null(WebhookSignature.Check(secret!, headers[1], Encoding.UTF8.GetBytes(Assert.Single(bodies)), Host.Clock.GetUtcNow()));
        Assert.Equal((string)saved["body"]!, bodies.Single());
    }

    [Fact]
    public async Task A_saved_delivery_the_pipeline_refuses_for_good_is_dropped_with_a_log_line_without_the_secret_or_the_address()
    {
        using var whmcs = new WhmcsHook(DownUrl, WrongSecret);
        await whmcs.CloseTicketAsync(1);
        Assert.Single(whmcs.OutboxFiles);

        whmcs.Url = Url;
        await whmcs.RunCronAsync();

        Assert.Empty(whmcs.OutboxFiles);
        var entry = whmcs.ActivityLog[^1];
        Assert.StartsWith("CSAT survey for ticket ID 1 not sent: the pipeline refused it with HTTP 401: No webhook-signature matches", entry);
        Assert.EndsWith("It is dropped from the outbox after 2 attempts and not counted: fix the cause, then reopen and close the ticket to send it again.", entry);
        Assert.All(whmcs.ActivityLog, line => Assert.False(line.Contains("whsec_") || line.Contains('@'), line));
        Assert.Null(await Stored("whmcs", "1"));
    }

    [Fact]
    public async Task A_delivery_saved_more_than_three_days_ago_is_dropped_with_a_log_line_and_not_sent()
    {
        await using var pipeline = await VendorApiStub.StartAsync(site => site.MapPost("/api/tickets/resolved/whmcs", () => Results.Accepted()), status => "{}");
        using var whmcs = new WhmcsHook(DownUrl, WhmcsSecret);
        await whmcs.CloseTicketAsync(1);
        var saved = Assert.Single(whmcs.OutboxFiles);
        var delivery = JsonNode.Parse(File.ReadAllText(saved))!;
        var firstFailed = Host.Clock.GetUtcNow().AddDays(-3).AddMinutes(-1);
        delivery["firstFailedAt"] = firstFailed.ToUnixTimeSeconds();
        File.WriteAllText(saved, delivery.ToJsonString());

        whmcs.Url = RouteOn(pipeline.BaseUrl);
        await whmcs.RunCronAsync();

        Assert.Empty(whmcs.OutboxFiles);
        Assert.Empty(pipeline.Requests);
        var entry = whmcs.ActivityLog[^1];
        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"CSAT survey for ticket ID 1 not sent: the pipeline did not take it in the 3 days since {firstFailed:yyyy-MM-dd HH:mm} UTC (attempts: 1; the last failure: the pipeline at "), entry);
        Assert.EndsWith("It is dropped from the outbox and not counted: reopen and close the ticket to send it again.", entry);
        Assert.DoesNotContain("@", entry);
    }

    [Fact]
    public async Task A_cron_run_while_the_pipeline_is_still_down_keeps_every_delivery_and_tries_only_one()
    {
        using var whmcs = new WhmcsHook(DownUrl, WhmcsSecret);
        await Task.WhenAll(whmcs.CloseTicketAsync(1), whmcs.CloseTicketAsync(2));

        await whmcs.RunCronAsync();

        var attempts = whmcs.OutboxFiles.Select(file => (int)JsonNode.Parse(File.ReadAllText(file))!["attempts"]!).Order();
        Assert.Equal([1, 2], attempts);
        Assert.Equal(2, whmcs.ActivityLog.Count);
    }
}
