using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CsatFunctions.PersonalData;
using CsatFunctions.Ratings;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;
using CsatFunctions.Tests.SelfHost;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.PersonalData;

/// <summary>A customer's right to see what is held about them and to be erased, and erasure after the retention period.</summary>
public sealed class PersonalDataTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly SecretExposureTests.LogCapture logs = new();
    private readonly string published = "site-" + Guid.NewGuid().ToString("N")[..12];
    private SendGridStub sendGrid = null!;
    private PipelineHost host = null!;

    public async ValueTask InitializeAsync()
    {
        sendGrid = await SendGridStub.StartAsync();
        host = await PipelineHost.StartAsync(
            azurite.ConnectionString,
            sendGrid,
            settings =>
            {
                settings["Csat:SurveyCooldownDays"] = "30";
                settings["Csat:RetentionDays"] = "30";
                settings["Csat:PublishContainer"] = published;
            },
            logging: logs,
            clock: new MidMonthClock());
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        await sendGrid.DisposeAsync();
    }

    [Fact]
    public async Task Everything_held_about_an_address_is_shown_then_erased_everywhere_while_the_figures_stay_the_same()
    {
        var ann = await SurveyAsync("T-1", "ann@example.org", "Ann Davis", "Disk full on ann-davis.example");
        // Within her cooldown: counted, not asked, and still hers.
        using (var again = await host.SendTicketAsync(PipelineHost.Ticket("T-2", "Ann@Example.org", "Ann Davis", "Mail bounces")))
        {
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        }

        var bob = await SurveyAsync("T-3", "bob@example.org", "Bob Stone", "Password reset");
        await RateAsync(ann, "unsatisfactory", "Ann Davis here: down for a day", publish: true);
        await RateAsync(bob, "excellent", "Quick and kind", publish: true);
        using var note = await host.Http.SendAsync(Admin(HttpMethod.Post, $"/api/admin/followups/{SurveyMail.SurveyIdOf(ann)}", new FormUrlEncodedContent([new("status", "contacted"), new("owner", "Dana"), new("note", "Called Ann Davis on +44 20 7946 0000")])));
        Assert.Equal(HttpStatusCode.OK, note.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.PostEventsAsync(SendGridEvents.Batch(SendGridEvents.Event("delivered", SurveyMail.SurveyIdOf(ann), "ann@example.org", host.Clock.GetUtcNow())))).StatusCode);
        await host.WaitForEventsAppliedAsync();
        using (var campaign = await host.Http.SendAsync(Admin(HttpMethod.Put, "/api/admin/campaigns/loyal", new StringContent("""{"everyDays": 90, "perDay": 10}""", System.Text.Encoding.UTF8, "application/json"))))
        using (var imported = await host.Http.SendAsync(Admin(HttpMethod.Put, "/api/admin/campaigns/loyal/customers", new StringContent("email,name\nann@example.org,Ann Davis\nbob@example.org,Bob Stone\n", System.Text.Encoding.UTF8, "text/csv"))))
        {
            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (campaign.StatusCode, imported.StatusCode));
        }

        var before = await host.RefreshScoreAsync();

        var held = await host.AdminAsync(HttpMethod.Get, "/api/admin/customers/ann@example.org");
        Assert.Equal(["loyal"], held["campaigns"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(2, held["surveys"]!.AsArray().Count);
        var first = held["surveys"]!.AsArray().Single(s => s!["ticketId"]!.GetValue<string>() == "T-1")!;
        Assert.Equal(("Ann Davis", "Disk full on ann-davis.example", "unsatisfactory", "Ann Davis here: down for a day"), (first["customerName"]!.GetValue<string>(), first["subject"]!.GetValue<string>(), first["rating"]!.GetValue<string>(), first["comment"]!.GetValue<string>()));
        Assert.Equal("Ann", first["publishedComment"]!["author"]!.GetValue<string>());
        Assert.Equal("Called Ann Davis on +44 20 7946 0000", first["followUp"]!["note"]!.GetValue<string>());
        Assert.NotNull(first["deliveredAt"]);
        Assert.NotNull(held["consent"]!["lastSurveyedAt"]);

        using var erase = await host.Http.SendAsync(Admin(HttpMethod.Delete, "/api/admin/customers/ann@example.org"));
        Assert.Equal(HttpStatusCode.OK, erase.StatusCode);
        Assert.Equal(2, JsonNode.Parse(await erase.Content.ReadAsStringAsync())!["surveys"]!.GetValue<int>());
        var after = await host.RefreshScoreAsync();

        // Ratings stay counted: the public document is the same apart from when it was made.
        before.AsObject().Remove("generatedAt");
        after.AsObject().Remove("generatedAt");
        Assert.Equal(before.ToJsonString(), after.ToJsonString());

        // Nothing in any table, queue, blob or log line holds her address, name, subject or words; Bob's are all still there.
        var everything = await EverythingStoredAsync() + "\n" + logs.Text;
        foreach (var trace in new[] { "ann@example.org", "Ann Davis", "Ann D.", "ann-davis.example", "down for a day", "7946 0000", "Mail bounces" })
        {
            Assert.DoesNotContain(trace, everything, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("bob@example.org", everything);

        // Nor her tickets' ids, which name her in the helpdesk; Bob's stay.
        Assert.DoesNotMatch(@"TicketId=T-[12]\b", everything);
        Assert.Matches(@"TicketId=T-3\b", everything);
        Assert.Equal(1, (await host.AdminAsync(HttpMethod.Get, "/api/admin/campaigns/loyal"))["customers"]!.GetValue<int>());
        Assert.Contains("Quick and kind", everything);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.SendAsync(Admin(HttpMethod.Get, "/api/admin/customers/ann@example.org"))).StatusCode);
        Assert.DoesNotContain("down for a day", await host.Http.GetStringAsync("/api/score/comments"));

        // A later ticket starts afresh: her cooldown was forgotten with the rest, so she is asked.
        var fresh = await SurveyAsync("T-9", "ann@example.org", "Ann Davis", "New issue");
        Assert.Equal("ann@example.org", SurveyMail.ToAddressOf(fresh));
    }

    [Fact]
    public async Task Erasure_keeps_the_opt_out_without_the_address_and_scrubs_sendgrids_words_which_a_later_event_cannot_write_back()
    {
        // SendGrid refuses the send, quoting the address, and later reports a bounce that quotes it too; the bounce suppresses the address.
        sendGrid.Respond = () => (400, """{"errors": [{"message": "Does not accept mail for ann@example.org", "field": "personalizations.0.to"}]}""");
        var refused = await SurveyAsync("T-1", "ann@example.org", "Ann Davis", "Disk full");
        var surveyId = SurveyMail.SurveyIdOf(refused);
        await Eventually.TrueAsync(
            async () => (await host.AdminAsync(HttpMethod.Get, "/api/admin/surveys/failed")).ToJsonString().Contains(surveyId, StringComparison.Ordinal),
            "the refused send to be recorded");
        Assert.Equal(HttpStatusCode.OK, (await host.PostEventsAsync(SendGridEvents.Batch(SendGridEvents.Bounce(surveyId, "ann@example.org", host.Clock.GetUtcNow())))).StatusCode);
        await host.WaitForEventsAppliedAsync();
        Assert.Equal("bounce", (await host.AdminAsync(HttpMethod.Get, "/api/admin/suppressions/ann@example.org"))["reason"]!.GetValue<string>());

        using (var erase = await host.Http.SendAsync(Admin(HttpMethod.Delete, "/api/admin/customers/ann@example.org")))
        {
            Assert.Equal(HttpStatusCode.OK, erase.StatusCode);
        }

        // SendGrid retries and reports late: its words quote the address again.
        Assert.Equal(HttpStatusCode.OK, (await host.PostEventsAsync(SendGridEvents.Batch(
            SendGridEvents.Dropped(surveyId, "ann@example.org", host.Clock.GetUtcNow(), "Bounced Address ann@example.org"),
            SendGridEvents.Bounce(surveyId, "ann@example.org", host.Clock.GetUtcNow())))).StatusCode);
        await host.WaitForEventsAppliedAsync();

        // Neither her address nor its plain hash (which anyone can compute from a list of addresses) is kept anywhere.
        var everything = await EverythingStoredAsync() + "\n" + logs.Text;
        Assert.DoesNotContain("ann@example.org", everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(CsatFunctions.Consent.CustomerRegistry.AddressHash("ann@example.org"), everything, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("(address)", everything);

        // Yet a later ticket for her address is not surveyed: the bounce's suppression outlived the erasure.
        sendGrid.Respond = () => (202, "");
        var sent = sendGrid.Received.Count;
        using (var later = await host.SendTicketAsync(PipelineHost.Ticket("T-2", "Ann@Example.org", "Ann Davis", "Again")))
        {
            Assert.Equal(HttpStatusCode.Accepted, later.StatusCode);
        }

        var notSurveyed = (await host.AdminAsync(HttpMethod.Get, "/api/admin/tickets/not-surveyed"))["items"]!.AsArray();
        Assert.Equal("suppressed", notSurveyed.Single(item => item!["ticketId"]!.GetValue<string>() == "T-2")!["reason"]!.GetValue<string>());
        await host.WaitForQueueDrainedAsync();
        Assert.Equal(sent, sendGrid.Received.Count);

        // The team can still lift it when she asks to be surveyed again.
        using (var lift = await host.Http.SendAsync(Admin(HttpMethod.Delete, "/api/admin/suppressions/ann@example.org")))
        {
            Assert.Equal(HttpStatusCode.NoContent, lift.StatusCode);
        }

        Assert.False((await host.AdminAsync(HttpMethod.Get, "/api/admin/suppressions/ann@example.org"))["suppressed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Erasure_takes_the_address_out_of_a_poisoned_event_batch_and_its_replay_writes_none_back()
    {
        var mail = await SurveyAsync("T-1", "ann@example.org", "Ann Davis", "Disk full");
        var surveyId = SurveyMail.SurveyIdOf(mail);

        // As the queue leaves a batch whose handler failed five times: stored, its message in the poison queue.
        var name = await host.Services.GetRequiredService<CsatFunctions.Surveys.Delivery.DeliveryEventBatches>().StoreAsync(SendGridEvents.Batch(SendGridEvents.Bounce(surveyId, "ann@example.org", host.Clock.GetUtcNow())), CancellationToken.None);
        var queue = host.Services.GetRequiredService<JsonQueue<CsatFunctions.Surveys.Delivery.DeliveryEventsMessage>>();
        await queue.Poison.SendMessageAsync(JsonQueue<CsatFunctions.Surveys.Delivery.DeliveryEventsMessage>.Write(new CsatFunctions.Surveys.Delivery.DeliveryEventsMessage(name)));

        using (var erase = await host.Http.SendAsync(Admin(HttpMethod.Delete, "/api/admin/customers/ann@example.org")))
        {
            Assert.Equal(HttpStatusCode.OK, erase.StatusCode);
        }

        Assert.DoesNotContain("ann@example.org", await EverythingStoredAsync(), StringComparison.OrdinalIgnoreCase);

        // Replayed, the bounce still counts; it brings no address back.
        Assert.Equal(1, (await host.AdminAsync(HttpMethod.Post, "/api/admin/delivery-events/poison/replay"))["replayed"]!.GetValue<int>());
        await host.WaitForEventsAppliedAsync();
        Assert.Equal(1, (await host.RefreshScoreAsync())["windows"]!["allTime"]!["undeliverable"]!.GetValue<int>());
        Assert.DoesNotContain("ann@example.org", await EverythingStoredAsync() + "\n" + logs.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_timer_erases_surveys_resolved_longer_ago_than_the_retention_period()
    {
        var old = await SurveyAsync("OLD-1", "olga@example.org", "Olga Old", "Billing", resolvedAt: host.Clock.GetUtcNow().AddDays(-5));
        await SurveyAsync("NEW-1", "nina@example.org", "Nina New", "Billing", resolvedAt: host.Clock.GetUtcNow());
        await RateAsync(old, "satisfactory", "Olga says fine", publish: true);

        // A month on, Olga's survey is 35 days old and Nina's 30.
        ((MidMonthClock)host.Clock).Advance(TimeSpan.FromDays(30));
        var before = await host.RefreshScoreAsync();
        var sweep = host.Services.GetRequiredService<RetentionSweep>();

        Assert.Equal(1, await sweep.SweepAsync(CancellationToken.None));

        // Her consent record (keyed by a hash of the address, holding when she was last asked) stays; no survey of hers does.
        Assert.Empty((await host.AdminAsync(HttpMethod.Get, "/api/admin/customers/olga@example.org"))["surveys"]!.AsArray());
        Assert.Equal("Nina New", (await host.AdminAsync(HttpMethod.Get, "/api/admin/customers/nina@example.org"))["surveys"]![0]!["customerName"]!.GetValue<string>());
        var after = await host.RefreshScoreAsync();
        Assert.Equal(before["windows"]!.ToJsonString(), after["windows"]!.ToJsonString());
        var everything = await EverythingStoredAsync();
        Assert.DoesNotContain("Olga", everything);
        Assert.Contains("Nina New", everything);

        // The bookmark has moved past the swept days, to the first day still kept: the next tick finds nothing due.
        var bookmark = (await host.Storage.Table("Retention").GetEntityAsync<Azure.Data.Tables.TableEntity>("sweep", "next")).Value;
        Assert.Equal(DayKey.Of(DateOnly.FromDateTime(host.Clock.GetUtcNow().UtcDateTime).AddDays(-30)), bookmark.GetString("Day"));
        Assert.Equal(0, await sweep.SweepAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_timer_erases_campaign_surveys_asked_longer_ago_than_the_retention_period()
    {
        using (var campaign = await host.Http.SendAsync(Admin(HttpMethod.Put, "/api/admin/campaigns/yearly", new StringContent("""{"everyDays": 365, "perDay": 10, "sendDays": "Sun-Sat", "sendHours": "00-24", "timeZone": "UTC"}""", System.Text.Encoding.UTF8, "application/json"))))
        using (var imported = await host.Http.SendAsync(Admin(HttpMethod.Put, "/api/admin/campaigns/yearly/customers", new StringContent("email,name\ncarl@example.org,Carl Camp\n", System.Text.Encoding.UTF8, "text/csv"))))
        {
            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (campaign.StatusCode, imported.StatusCode));
        }

        Assert.Equal(1, (await host.AdminAsync(HttpMethod.Post, "/api/admin/campaigns/yearly/run"))["asked"]!.GetValue<int>());
        var asked = (await sendGrid.WaitForAsync(1))[0];
        using (var answered = await host.Http.PostAsync(SurveyMail.PostPathFor(asked), new FormUrlEncodedContent([new("rating", "9"), new("comment", "Carl likes the uptime")])))
        {
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        }

        var sweep = host.Services.GetRequiredService<RetentionSweep>();
        Assert.Equal(0, await sweep.SweepAsync(CancellationToken.None));
        Assert.Single((await host.AdminAsync(HttpMethod.Get, "/api/admin/customers/carl@example.org"))["surveys"]!.AsArray());

        ((MidMonthClock)host.Clock).Advance(TimeSpan.FromDays(32));
        Assert.Equal(1, await sweep.SweepAsync(CancellationToken.None));

        // The survey no longer holds him; he stays a customer of the campaign (that list is the team's, not a survey), and his score stays counted.
        var held = await host.AdminAsync(HttpMethod.Get, "/api/admin/customers/carl@example.org");
        Assert.Empty(held["surveys"]!.AsArray());
        Assert.Equal(["yearly"], held["campaigns"]!.AsArray().Select(c => c!.GetValue<string>()));
        var stored = (await host.Services.GetRequiredService<CsatFunctions.Surveys.SurveyTable>().GetAsync(SurveyMail.SurveyIdOf(asked), CancellationToken.None))!.Survey;
        Assert.Equal((null, null, null), (stored.CustomerEmail, stored.CustomerName, stored.Comment));
        Assert.DoesNotContain("Carl likes the uptime", await EverythingStoredAsync());
        Assert.Equal(1, (await host.AdminAsync(HttpMethod.Get, "/api/admin/campaigns/yearly"))["answered"]!.GetValue<int>());
        Assert.Equal(0, await sweep.SweepAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_ticket_filed_after_its_day_was_swept_is_counted_with_nothing_kept_of_its_customer()
    {
        var sent = sendGrid.Received.Count;
        using (var late = await host.SendTicketAsync(PipelineHost.Ticket("LATE-1", "lena@example.org", "Lena Late", "Late billing", resolvedAt: host.Clock.GetUtcNow().AddDays(-31))))
        {
            Assert.Equal(HttpStatusCode.Accepted, late.StatusCode);
        }

        var score = await host.RefreshScoreAsync();

        Assert.Equal((1, 1), (score["windows"]!["allTime"]!["surveyed"]!.GetValue<int>(), score["windows"]!["allTime"]!["notSurveyed"]!.GetValue<int>()));
        var day = DateOnly.FromDateTime(host.Clock.GetUtcNow().AddDays(-31).UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var item = Assert.Single((await host.AdminAsync(HttpMethod.Get, $"/api/admin/tickets/not-surveyed?from={day}&to={day}"))["items"]!.AsArray())!;
        Assert.Equal(("LATE-1", "erased"), (item["ticketId"]!.GetValue<string>(), item["reason"]!.GetValue<string>()));
        var everything = await EverythingStoredAsync() + "\n" + logs.Text;
        foreach (var trace in new[] { "lena@example.org", "Lena Late", "Late billing" })
        {
            Assert.DoesNotContain(trace, everything, StringComparison.OrdinalIgnoreCase);
        }

        await host.WaitForQueueDrainedAsync();
        Assert.Equal(sent, sendGrid.Received.Count);
    }

    [Fact]
    public async Task After_erasure_nothing_leads_from_the_ticket_to_its_counted_answer_and_a_redelivery_is_still_a_duplicate()
    {
        var ann = await SurveyAsync("T-1", "ann@example.org", "Ann Davis", "Disk full");
        await RateAsync(ann, "unsatisfactory", "Down for a day", publish: false);
        var surveyId = SurveyMail.SurveyIdOf(ann);
        var key = SurveysByTicket.KeyOf("generic", "T-1");
        Assert.Equal(surveyId, await host.Services.SurveyIdOfAsync("T-1"));
        Assert.NotEqual(key, surveyId);

        using (var erase = await host.Http.SendAsync(Admin(HttpMethod.Delete, "/api/admin/customers/ann@example.org")))
        {
            Assert.Equal(HttpStatusCode.OK, erase.StatusCode);
        }

        var before = await host.RefreshScoreAsync();

        // The answer is still held and counted under its id, and nothing that names the ticket, by its
        // id or its key, names the survey: holding the ticket id (and every key) leads nowhere.
        var byTicket = host.Services.GetRequiredService<SurveysByTicket>();
        Assert.Null((await byTicket.FindAsync(key, CancellationToken.None))!.SurveyId);
        var lines = (await EverythingStoredAsync()).Split('\n');
        Assert.Contains(lines, line => line.Contains(surveyId, StringComparison.Ordinal) && line.Contains("Rating=unsatisfactory", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains(key, StringComparison.Ordinal));
        Assert.All(lines.Where(line => line.Contains(key, StringComparison.Ordinal) || line.Contains("T-1", StringComparison.Ordinal)), line => Assert.DoesNotContain(surveyId, line));

        // The helpdesk sends the ticket again: a duplicate (with the ticket's key for an id), nobody is asked, nothing is counted twice or kept.
        using var again = await host.SendTicketAsync(PipelineHost.Ticket("T-1", "ann@example.org", "Ann Davis", "Disk full"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""{"surveyId":"{{key}}","status":"duplicate"}"""), JsonNode.Parse(await again.Content.ReadAsStringAsync())));
        var after = await host.RefreshScoreAsync();
        Assert.Equal(before["windows"]!.ToJsonString(), after["windows"]!.ToJsonString());
        Assert.DoesNotContain("ann@example.org", await EverythingStoredAsync(), StringComparison.OrdinalIgnoreCase);
        await host.WaitForQueueDrainedAsync();
        Assert.Single(sendGrid.Received);
    }

    [Fact]
    public async Task An_answer_racing_the_erasure_is_counted_without_its_comment_and_writes_no_copy_back()
    {
        var cy = await SurveyAsync("T-R", "cy@example.org", "Cy Young", "Slow site");
        var surveys = host.Services.GetRequiredService<SurveyTable>();
        var surveyId = SurveyMail.SurveyIdOf(cy);

        // The customer's submit read the row, then the erasure ran, then the submit's write came.
        var readBeforeErasure = (await surveys.GetAsync(surveyId, CancellationToken.None))!;
        using (var erase = await host.Http.SendAsync(Admin(HttpMethod.Delete, "/api/admin/customers/cy@example.org")))
        {
            Assert.Equal(HttpStatusCode.OK, erase.StatusCode);
        }

        var ratedAt = host.Clock.GetUtcNow();
        var answered = await surveys.RecordRatingAsync(readBeforeErasure, Rating.Unsatisfactory, null, "Cy Young here, call 555-0100", publish: true, [], ratedAt, CancellationToken.None);
        Assert.Equal((Rating.Unsatisfactory, null, false), (answered!.Rating, answered.Comment, answered.Publish));
        var stored = (await surveys.GetAsync(surveyId, CancellationToken.None))!.Survey;
        Assert.Equal((Rating.Unsatisfactory, null, false), (stored.Rating, stored.Comment, stored.Publish));

        // A recorder that stored its answer just before the erasure files its copies just after it:
        // the day's filing, the published comment and the follow-up (bottom of the scale, with the ticket id).
        var filedLate = readBeforeErasure.Survey with { Rating = Rating.Unsatisfactory, Comment = "Cy Young here, call 555-0100", Publish = true, RatedAt = ratedAt };
        await host.Services.GetRequiredService<RatingCounter>().CountAsync(filedLate, CancellationToken.None);

        var everything = await EverythingStoredAsync();
        foreach (var trace in new[] { "cy@example.org", "Cy Young", "555-0100", "Slow site", "TicketId=T-R" })
        {
            Assert.DoesNotContain(trace, everything, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("555-0100", await host.Http.GetStringAsync("/api/score/comments"));
        var score = await host.RefreshScoreAsync();
        Assert.Equal(1, score["windows"]!["allTime"]!["unsatisfactory"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_bad_address_is_refused_and_an_unknown_one_is_not_found()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Http.SendAsync(Admin(HttpMethod.Get, "/api/admin/customers/not-an-address"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.SendAsync(Admin(HttpMethod.Delete, "/api/admin/customers/nobody@example.org"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.DeleteAsync("/api/admin/customers/nobody@example.org")).StatusCode);
    }

    private async Task<ReceivedMail> SurveyAsync(string ticket, string email, string name, string subject, DateTimeOffset? resolvedAt = null)
    {
        var sent = sendGrid.Received.Count;
        using var answer = await host.SendTicketAsync(PipelineHost.Ticket(ticket, email, name, subject, resolvedAt: resolvedAt));
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        return (await sendGrid.WaitForAsync(sent + 1))[sent];
    }

    private async Task RateAsync(ReceivedMail mail, string rating, string comment, bool publish)
    {
        List<KeyValuePair<string, string>> fields = [new("rating", rating), new("comment", comment)];
        if (publish)
        {
            fields.Add(new("publish", "on"));
        }

        using var response = await host.Http.PostAsync(SurveyMail.PostPathFor(mail), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static HttpRequestMessage Admin(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new("Bearer", PipelineHost.AdminKey);
        return request;
    }

    /// <summary>Every row of every table, every visible queue message and every blob this host's storage holds, as text.</summary>
    private async Task<string> EverythingStoredAsync()
    {
        var prefix = host.Services.GetRequiredService<StorageOptions>().Prefix;
        var text = new System.Text.StringBuilder();
        await foreach (var table in new TableServiceClient(azurite.ConnectionString).QueryAsync($"TableName ge '{prefix}' and TableName lt '{prefix}{{'"))
        {
            await foreach (var row in new TableClient(azurite.ConnectionString, table.Name).QueryAsync<TableEntity>())
            {
                text.AppendLine(string.Join(' ', row.Select(column => $"{column.Key}={column.Value}")));
            }
        }

        await foreach (var queue in new QueueServiceClient(azurite.ConnectionString).GetQueuesAsync(prefix: prefix))
        {
            foreach (var message in (await new QueueClient(azurite.ConnectionString, queue.Name).PeekMessagesAsync(32)).Value)
            {
                text.AppendLine(message.Body.ToString());
            }
        }

        var blobs = new BlobServiceClient(azurite.ConnectionString);
        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            if (!container.Name.StartsWith(prefix, StringComparison.Ordinal) && container.Name != published)
            {
                continue;
            }

            var client = blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync())
            {
                text.AppendLine((await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString());
            }
        }

        return text.ToString();
    }
}
