using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Helpdesks;
using CsatFunctions.Helpdesks.Autotask;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Helpdesks.Autotask;

/// <summary>
/// Autotask ticket webhooks as Autotask sends them, with the tickets read from a stub of its REST API
/// that answers in Autotask's JSON (<c>{"item": …}</c>, errors as <c>{"errors": […]}</c>) and is slow,
/// failing, throttling or down on demand.
/// </summary>
public sealed class AutotaskWebhookTests(AzuriteFixture azurite) : HelpdeskTest(azurite), IAsyncDisposable
{
    public const string AutotaskSecret = "autotask-secret-key-0123456789";
    private const string Tickets = "GET /atservicesrest/v1.0/Tickets/";

    private readonly ConcurrentDictionary<string, string> items = new();
    private readonly TaskCompletionSource ticketAnswered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private VendorApiStub api = null!;

    public override async ValueTask InitializeAsync()
    {
        foreach (var (path, fixture) in new[] { ("Tickets/29683", "ticket-29683.json"), ("Contacts/30684", "contact-30684.json"), ("Companies/174", "company-174.json"), ("Resources/29682885", "resource-29682885.json") })
        {
            items[path] = Fixture("Autotask", fixture);
        }

        api = await VendorApiStub.StartAsync(Map, status => $$"""{"errors":["The request failed with status {{status}}."]}""");
        await base.InitializeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        await api.DisposeAsync();
    }

    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Csat:Helpdesks:autotask:Secret"] = AutotaskSecret;
        settings["Csat:Helpdesks:autotask:ApiUrl"] = new Uri(api.BaseUrl, "atservicesrest/v1.0").AbsoluteUri;
        settings["Csat:Helpdesks:autotask:ApiIntegrationCode"] = "TRACKING-ID-CSAT";
        settings["Csat:Helpdesks:autotask:ApiUser"] = "csat-api@msp.example";
        settings["Csat:Helpdesks:autotask:ApiSecret"] = "api-user-secret-0123";
    }

    [Fact]
    public async Task A_complete_ticket_is_read_from_the_api_in_four_calls_and_surveyed()
    {
        using var response = await Callout(Fixture("Autotask", "callout-complete.json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("mara.jensen@example.org", SurveyMail.ToAddressOf(Assert.Single(await SendGrid.WaitForAsync(1))));
        var survey = await Stored("autotask", "29683");
        Assert.Equal(("Mara Jensen", "Mail server rejects outgoing mail", "Tomás Ribeiro", (string?)null), (survey!.CustomerName, survey.Subject, survey.Agent, survey.Channel));
        // The later of completedDate (15:42:10) and lastActivityDate: a completion after a reopen always comes after the first.
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 15, 42, 10, 880, TimeSpan.Zero), survey.ResolvedAt);
        Assert.Equal([Tickets + "29683", "GET /atservicesrest/v1.0/Contacts/30684", "GET /atservicesrest/v1.0/Companies/174", "GET /atservicesrest/v1.0/Resources/29682885"], api.Requests);
        Assert.All(api.RequestHeaders, headers => Assert.Equal(
            ("TRACKING-ID-CSAT", "csat-api@msp.example", "api-user-secret-0123", "application/json"),
            (headers["ApiIntegrationCode"].ToString(), headers["UserName"].ToString(), headers["Secret"].ToString(), headers.ContentType.ToString())));
    }

    [Fact]
    public async Task The_lookup_takes_the_company_from_the_api()
    {
        var config = new HelpdeskConfig("autotask", new Dictionary<string, string>
        {
            ["ApiUrl"] = new Uri(api.BaseUrl, "atservicesrest/v1.0").AbsoluteUri, ["ApiIntegrationCode"] = "T", ["ApiUser"] = "u", ["ApiSecret"] = "s",
        });
        using var http = new HttpClient();

        var (fields, open, ignored) = await new AutotaskTicketLookup(new AutotaskApi(new HelpdeskCall(config, http, Host.Clock)), ["5"])
            .ReadAsync(new HelpdeskLookupMessage("autotask", "29683", Host.Clock.GetUtcNow()), CancellationToken.None);

        Assert.Equal((false, null), (open, ignored));
        Assert.Equal(("Jensen Logistik GmbH", "mara.jensen@example.org"), (fields!.Company, fields.CustomerEmail));
    }

    [Fact]
    public async Task A_ticket_in_autotasks_complete_is_no_reopen_when_complete_statuses_list_only_another()
    {
        var config = new HelpdeskConfig("autotask", new Dictionary<string, string>
        {
            ["ApiUrl"] = new Uri(api.BaseUrl, "atservicesrest/v1.0").AbsoluteUri, ["ApiIntegrationCode"] = "T", ["ApiUser"] = "u", ["ApiSecret"] = "s",
        });
        using var http = new HttpClient();

        var (fields, open, ignored) = await new AutotaskTicketLookup(new AutotaskApi(new HelpdeskCall(config, http, Host.Clock)), ["29"])
            .ReadAsync(new HelpdeskLookupMessage("autotask", "29683", Host.Clock.GetUtcNow()), CancellationToken.None);

        Assert.Equal(((CsatFunctions.Tickets.TicketFields?)null, false), (fields, open));
        Assert.Contains("Complete", ignored);
    }

    [Fact]
    public async Task A_callout_with_a_status_that_is_not_complete_is_a_reopen_read_without_calling_the_api()
    {
        using var response = await Callout(Fixture("Autotask", "callout-in-progress.json"));

        // A reopen of a ticket that has no survey changes nothing.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ignored", (await Json(response))["status"]!.GetValue<string>());
        Assert.Empty(api.Requests);
        Assert.Null(await Stored("autotask", "29683"));
    }

    [Fact]
    public async Task A_ticket_reopened_and_completed_again_is_surveyed_once_and_one_reopened_before_it_is_read_not_at_all()
    {
        using var first = await Callout(Fixture("Autotask", "callout-complete.json"));
        await SendGrid.WaitForAsync(1);
        EditItem("Tickets/29683", ticket => ticket["status"] = 8);
        using var reopened = await Callout(Fixture("Autotask", "callout-in-progress.json"));
        EditItem("Tickets/29683", ticket => ticket["status"] = 5);
        using var again = await Callout(Fixture("Autotask", "callout-complete.json").Replace("\"SequenceNumber\":418", "\"SequenceNumber\":421", StringComparison.Ordinal));
        await LookUpsDoneAsync();

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.OK, HttpStatusCode.Accepted), (first.StatusCode, reopened.StatusCode, again.StatusCode));
        Assert.Equal(2, api.Count(Tickets));
        await Host.WaitForQueueDrainedAsync();
        Assert.Single(SendGrid.Received);

        items["Tickets/29686"] = Edited(items["Tickets/29683"], ticket => (ticket["id"], ticket["status"]) = (29686, 7));
        using var meanwhileReopened = await Callout(Fixture("Autotask", "callout-complete.json").Replace("29683", "29686", StringComparison.Ordinal));
        await LookUpsDoneAsync();

        Assert.Equal(1, api.Count(Tickets + "29686"));
        Assert.Null(await Stored("autotask", "29686"));
    }

    [Fact]
    public async Task A_callout_delivered_twice_is_read_and_surveyed_once()
    {
        var callout = Fixture("Autotask", "callout-complete.json");

        using var first = await Callout(callout);
        using var retried = await Callout(callout);
        await SendGrid.WaitForAsync(1);
        await LookUpsDoneAsync();

        Assert.Equal((HttpStatusCode.Accepted, "ignored"), (first.StatusCode, (await Json(retried))["status"]!.GetValue<string>()));
        Assert.Equal(1, api.Count(Tickets));
        await Host.WaitForQueueDrainedAsync();
        Assert.Single(SendGrid.Received);
    }

    [Fact]
    public async Task A_forged_or_unsigned_callout_is_refused_and_reads_nothing()
    {
        var callout = Fixture("Autotask", "callout-complete.json");

        using var forged = await Callout(callout, secret: "not-the-autotask-secret-key");
        using var unsigned = await Post("autotask", callout);
        using var tampered = await Post("autotask", callout.Replace("29683", "29684", StringComparison.Ordinal), (AutotaskSignature.Header, AutotaskForm(callout, AutotaskSecret)));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (forged.StatusCode, unsigned.StatusCode, tampered.StatusCode));
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task A_contact_without_email_or_a_ticket_without_contact_is_counted_as_not_surveyed()
    {
        EditItem("Contacts/30684", contact => contact["emailAddress"] = null);
        items["Tickets/29685"] = Edited(items["Tickets/29683"], ticket => (ticket["id"], ticket["contactID"]) = (29685, null));

        using var noEmail = await Callout(Fixture("Autotask", "callout-complete.json"));
        using var noContact = await Callout(Fixture("Autotask", "callout-complete.json").Replace("29683", "29685", StringComparison.Ordinal));
        await LookUpsDoneAsync();

        foreach (var ticket in new[] { "29683", "29685" })
        {
            var survey = await Stored("autotask", ticket);
            Assert.Equal((EmailState.Skipped, SkipReasons.NoEmail), (survey!.Email, survey.SkipReason));
        }

        Assert.Equal(1, api.Count("GET /atservicesrest/v1.0/Contacts/"));
        var window = (await Host.RefreshScoreAsync())["windows"]!["allTime"]!;
        // As for every helpdesk: "surveyed" counts the resolved tickets, "notSurveyed" those of them that got no email.
        Assert.Equal((2, 2), (window["surveyed"]!.GetValue<int>(), window["notSurveyed"]!.GetValue<int>()));
        Assert.Empty(SendGrid.Received);
    }

    [Fact]
    public async Task Unicode_and_long_fields_are_verified_as_autotask_signs_them_and_kept()
    {
        var title = string.Concat(Enumerable.Repeat("Drucker im Büro & Lager druckt nichts – ", 15)) + "🖨️";
        items["Tickets/29684"] = Edited(items["Tickets/29683"], ticket => (ticket["id"], ticket["title"]) = (29684, title));
        EditItem("Contacts/30684", contact => (contact["firstName"], contact["lastName"]) = ("Zoë", "Ångström-Øster <Sales & Ops>"));
        var callout = Fixture("Autotask", "callout-unicode.json");
        Assert.Contains("Büro & Lager <2. OG>", callout, StringComparison.Ordinal);

        using var sentRaw = await Callout(callout);
        using var sentEscaped = await Callout(JsonNode.Parse(callout)!.ToJsonString());
        await SendGrid.WaitForAsync(1);

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.OK), (sentRaw.StatusCode, sentEscaped.StatusCode));
        var survey = await Stored("autotask", "29684");
        Assert.Equal(500, survey!.Subject!.Length);
        Assert.EndsWith("…", survey.Subject, StringComparison.Ordinal);
        Assert.StartsWith("Drucker im Büro & Lager druckt nichts – ", survey.Subject, StringComparison.Ordinal);
        Assert.Equal("Zoë Ångström-Øster <Sales & Ops>", survey.CustomerName);
    }

    [Fact]
    public async Task A_slow_api_does_not_hold_up_the_answer_and_the_survey_follows()
    {
        api.Fault = VendorFault.Slow;
        api.FaultCount = 1;

        using var response = await Callout(Fixture("Autotask", "callout-complete.json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.False(ticketAnswered.Task.IsCompleted, "The webhook was answered only after the API had answered.");
        await ticketAnswered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Single(await SendGrid.WaitForAsync(1));
    }

    [Fact]
    public async Task A_failing_api_is_tried_again_and_the_survey_goes_out_once_it_recovers()
    {
        api.Fault = VendorFault.Failing;
        api.FaultCount = 1;

        using var response = await Callout(Fixture("Autotask", "callout-complete.json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Single(await SendGrid.WaitForAsync(1));
        Assert.Equal(2, api.Count(Tickets));
    }

    [Fact]
    public async Task A_throttling_api_is_waited_out_for_its_retry_after()
    {
        api.Fault = VendorFault.RateLimited;
        api.FaultCount = 1;
        api.RetryAfterSeconds = 2;

        using var response = await Callout(Fixture("Autotask", "callout-complete.json"));
        await SendGrid.WaitForAsync(1);

        var times = api.Timeline.Where(request => request.Request.StartsWith(Tickets, StringComparison.Ordinal)).Select(request => request.At).ToList();
        Assert.Equal(2, times.Count);
        Assert.True(times[1] - times[0] >= TimeSpan.FromSeconds(2), $"The ticket was read again {times[1] - times[0]} after a 429 asking for 2 s.");
    }

    [Fact]
    public async Task An_api_down_through_every_attempt_ends_in_the_poison_queue_and_a_replay_surveys_the_ticket()
    {
        api.Fault = VendorFault.Down;
        var lookups = Host.Services.GetRequiredService<CsatFunctions.Storage.JsonQueue<HelpdeskLookupMessage>>();

        using var response = await Callout(Fixture("Autotask", "callout-complete.json"));
        await Eventually.TrueAsync(async () => (await lookups.Poison.GetPropertiesAsync()).Value.ApproximateMessagesCount == 1, "the look-up to reach the poison queue", TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.True(api.Count(Tickets) >= SendRetryPolicy.MaxAttempts, $"Only {api.Count(Tickets)} attempts before the poison queue.");
        Assert.Empty(SendGrid.Received);
        Assert.Equal(1, (await Host.AdminAsync(HttpMethod.Get, "/api/admin/surveys/failed"))["poisoned"]!["helpdesk-lookups"]!.GetValue<int>());

        api.Fault = VendorFault.None;
        var replay = await Host.AdminAsync(HttpMethod.Post, "/api/admin/helpdesk-lookups/poison/replay");

        Assert.Equal(1, replay["replayed"]!.GetValue<int>());
        Assert.Equal("mara.jensen@example.org", SurveyMail.ToAddressOf(Assert.Single(await SendGrid.WaitForAsync(1))));
    }

    private void Map(WebApplication site) =>
        site.MapGet("/atservicesrest/v1.0/{entity}/{id}", async context =>
        {
            var path = $"{context.Request.RouteValues["entity"]}/{context.Request.RouteValues["id"]}";
            if (path.StartsWith("Tickets/", StringComparison.Ordinal))
            {
                ticketAnswered.TrySetResult();
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(items.TryGetValue(path, out var item) ? item : """{"item":null}""");
        });

    private void EditItem(string path, Action<JsonObject> edit) => items[path] = Edited(items[path], edit);

    /// <summary>An answer of the API with its item changed.</summary>
    private static string Edited(string answer, Action<JsonObject> edit)
    {
        var document = JsonNode.Parse(answer)!;
        edit(document["item"]!.AsObject());
        return document.ToJsonString();
    }

    /// <summary>Waits until every look-up queued so far has been handled.</summary>
    private Task LookUpsDoneAsync()
    {
        var lookups = Host.Services.GetRequiredService<CsatFunctions.Storage.JsonQueue<HelpdeskLookupMessage>>();
        return Eventually.TrueAsync(async () => (await lookups.Client.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "the look-ups to be handled");
    }

    private Task<HttpResponseMessage> Callout(string body, string secret = AutotaskSecret) =>
        Post("autotask", body, (AutotaskSignature.Header, AutotaskForm(body, secret)));

    /// <summary>
    /// The signature as Autotask computes it: over the payload as .NET's System.Text.Json writes it by
    /// default, here by re-serializing the body, independently of the pipeline's own rebuilding.
    /// </summary>
    public static string AutotaskForm(string body, string secret) =>
        "sha1=" + Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(JsonNode.Parse(body)!.ToJsonString())));
}
