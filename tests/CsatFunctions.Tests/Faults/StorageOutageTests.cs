using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Faults;

[Drill]
public sealed class StorageOutageTests
{
    private const int BurstTickets = 600;

    [Fact]
    public async Task While_storage_is_down_intake_answers_503_and_recovers_by_itself_when_it_returns()
    {
        var data = Directory.CreateTempSubdirectory("csat-azurite-");
        var storage = await AzuriteProcess.StartAsync(data.FullName);
        try
        {
            await using var sendGrid = await SendGridStub.StartAsync();
            await using var host = await PipelineHost.StartAsync(storage.ConnectionString, sendGrid);
            Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("T-BEFORE"))).StatusCode);
            await sendGrid.WaitForAsync(1);

            var published = (await host.RefreshScoreAsync()).ToJsonString();
            using var before = await host.Http.GetAsync("/api/score");
            var shareLink = await ShareLinkAsync(host);
            var ports = storage.Ports;
            await storage.StopAsync();
            using var down = await host.SendTicketAsync(PipelineHost.Ticket("T-DURING"));

            // The public score is served from memory: websites see the last document while storage is down.
            using var scoreDuringOutage = await host.Http.GetAsync("/api/score");
            Assert.Equal(HttpStatusCode.OK, scoreDuringOutage.StatusCode);
            Assert.Equal(before.Headers.ETag, scoreDuringOutage.Headers.ETag);
            Assert.Equal(published, System.Text.Json.Nodes.JsonNode.Parse(await scoreDuringOutage.Content.ReadAsStringAsync())!.ToJsonString());
            Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/api/score/badge.svg")).StatusCode);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Equal("application/problem+json", down.Content.Headers.ContentType!.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(10), down.Headers.RetryAfter!.Delta);

            // A client opening its report's share link is told, as a page, to come back shortly.
            using var report = await host.Http.GetAsync(shareLink);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, report.StatusCode);
            Assert.Equal("text/html", report.Content.Headers.ContentType!.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(10), report.Headers.RetryAfter!.Delta);

            // SendGrid's events are not acknowledged either: SendGrid retries them for a day.
            using var events = await host.PostEventsAsync(SendGridEvents.Batch(SendGridEvents.Event("delivered", SurveyMail.SurveyIdOf(sendGrid.Received[0]), "ann@example.org", host.Clock.GetUtcNow())));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, events.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(10), events.Headers.RetryAfter!.Delta);

            // Storage comes back on the same address with its data; nothing is restarted on our side.
            storage = await AzuriteProcess.StartAsync(data.FullName, ports);
            using var retried = await host.SendTicketAsync(PipelineHost.Ticket("T-DURING"));

            Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
            var mails = await sendGrid.WaitForAsync(2);
            Assert.Equal(2, mails.Select(SurveyMail.SurveyIdOf).Distinct().Count());
            Assert.Equal(HttpStatusCode.OK, (await host.SendTicketAsync(PipelineHost.Ticket("T-BEFORE"))).StatusCode);
        }
        finally
        {
            await storage.DisposeAsync();
            data.Delete(recursive: true);
        }
    }

    /// <summary>A share link of a client's report, made with the admin key: its path.</summary>
    private static async Task<string> ShareLinkAsync(PipelineHost host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/companies/Acme%20Ltd/share-links") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", PipelineHost.AdminKey);
        using var made = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        return new Uri(System.Text.Json.Nodes.JsonNode.Parse(await made.Content.ReadAsStringAsync())!["url"]!.GetValue<string>()).AbsolutePath;
    }

    /// <summary>
    /// Storage stops for 5 seconds in the middle of a burst, with the production send window, message
    /// lease and retry delay. Helpdesks retry what was refused. Every ticket is emailed once, within a
    /// minute of storage returning, and nothing is sent twice even after every message is settled.
    /// </summary>
    [Fact]
    public async Task A_five_second_outage_mid_burst_loses_nothing_sends_nothing_twice_and_recovers_within_a_minute()
    {
        var data = Directory.CreateTempSubdirectory("csat-azurite-");
        var storage = await AzuriteProcess.StartAsync(data.FullName);
        try
        {
            await using var sendGrid = await SendGridStub.StartAsync();
            await using var host = await PipelineHost.StartAsync(storage.ConnectionString, sendGrid, settings =>
            {
                // host.json's own retry delay and polling, as in production.
                settings.Remove("AzureFunctionsJobHost:extensions:queues:visibilityTimeout");
                settings.Remove("AzureFunctionsJobHost:extensions:queues:maxPollingInterval");
            });
            using var http = new HttpClient { BaseAddress = host.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            var tickets = Enumerable.Range(0, BurstTickets).Select(i => PipelineHost.Ticket($"O-{i}", $"o{i}@example.org")).ToArray();
            var answered = new ConcurrentDictionary<int, HttpStatusCode>();
            var refusedWhileDown = 0;

            var next = -1;
            var burst = Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < BurstTickets)
                {
                    answered[i] = await DeliverAsync(http, tickets[i], () => Interlocked.Increment(ref refusedWhileDown));
                }
            }));
            await Eventually.TrueAsync(() => Task.FromResult(answered.Count >= BurstTickets / 2), "half the burst to be answered");

            var ports = storage.Ports;
            await storage.StopAsync();
            var outage = Stopwatch.StartNew();
            await Eventually.TrueAsync(() => Task.FromResult(outage.Elapsed >= TimeSpan.FromSeconds(5)), "five seconds of outage", TimeSpan.FromSeconds(10));
            storage = await AzuriteProcess.StartAsync(data.FullName, ports);
            var back = Stopwatch.StartNew();
            await burst;

            Assert.All(answered.Values, status => Assert.True(status is HttpStatusCode.Accepted or HttpStatusCode.OK, $"answered {status}"));
            await Eventually.TrueAsync(
                () => Task.FromResult(sendGrid.Received.Select(SurveyMail.SurveyIdOf).Distinct().Count() == BurstTickets),
                $"{BurstTickets} distinct surveys at SendGrid",
                TimeSpan.FromSeconds(90));
            var allEmailedAfter = back.Elapsed;

            // Every message settled, hidden ones included: nothing more can be sent, so duplicates are final.
            await host.WaitForQueueDrainedAsync(TimeSpan.FromMinutes(3));
            var duplicates = sendGrid.Received.Count - BurstTickets;
            var report = $"Storage outage: 5 s mid-burst of {BurstTickets}; {refusedWhileDown} deliveries refused while down and retried; " +
                $"all emailed {allEmailedAfter.TotalSeconds:0.0} s after storage returned; {duplicates} duplicate email(s); 0 lost.";
            var results = Directory.CreateDirectory(Path.Combine(AzuriteProcess.RepositoryRoot(), "TestResults"));
            await File.AppendAllTextAsync(Path.Combine(results.FullName, "reliability.txt"), report + Environment.NewLine);

            Assert.Equal(0, duplicates);
            Assert.True(allEmailedAfter < TimeSpan.FromSeconds(60), report);
        }
        finally
        {
            await storage.DisposeAsync();
            data.Delete(recursive: true);
        }
    }

    /// <summary>As a helpdesk does: a refused or unanswered delivery is sent again after a pause, until it is taken.</summary>
    private static async Task<HttpStatusCode> DeliverAsync(HttpClient http, string ticket, Action refused)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            try
            {
                using var response = await http.SendAsync(PipelineHost.SignedTicket(ticket, TimeProvider.System.GetUtcNow()), deadline.Token);
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                {
                    return response.StatusCode;
                }
            }
            catch (HttpRequestException)
            {
            }

            refused();
            await Task.Delay(TimeSpan.FromMilliseconds(500), deadline.Token);
        }
    }
}
