using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.SelfHost;
using CsatFunctions.Alerts;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using CsatFunctions.Surveys.Delivery;
using CsatFunctions.Settings;
using CsatFunctions.Tickets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Tests.Infrastructure;

/// <summary>
/// The real self-host (Kestrel, queue listener, timer) on a free port, over Azurite, with its own
/// storage prefix and SendGrid pointed at a stub. Tests talk to it over real HTTP.
/// </summary>
public sealed class PipelineHost : IAsyncDisposable
{
    public const string WebhookSecretText = "whsec_dGVzdC13ZWJob29rLXNlY3JldC10aGlydHktdHdvLWJ5dGVzIQ==";
    public const string LinkSigningKeyText = "dGVzdC1saW5rLXNpZ25pbmcta2V5LXRoaXJ0eS10d28tYnl0ZXMhIQ==";
    public const string AdminKey = "test-admin-key-0123456789abcdefghijklmn";
    public const string PublicBaseUrl = "https://csat.example.test";
    public const string SendGridApiKey = "SG.test-api-key";

    private readonly WebApplication app;

    private PipelineHost(WebApplication app, TimeProvider clock)
    {
        this.app = app;
        Clock = clock;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public HttpClient Http { get; }

    /// <summary>The host's clock; deliveries are signed by it.</summary>
    public TimeProvider Clock { get; }

    public IServiceProvider Services => app.Services;

    public CsatStorage Storage => app.Services.GetRequiredService<CsatStorage>();

    /// <summary>The survey queue and its poison queue, as the mailer reads them.</summary>
    public JsonQueue<SurveyMessage> SurveyQueue => app.Services.GetRequiredService<JsonQueue<SurveyMessage>>();

    /// <summary>The reminder queue, as the reminder mailer reads it.</summary>
    public JsonQueue<ReminderMessage> ReminderQueue => app.Services.GetRequiredService<JsonQueue<ReminderMessage>>();

    /// <summary>The alert queue and its poison queue, as the alerter reads them.</summary>
    public JsonQueue<RatingAlertMessage> AlertQueue => app.Services.GetRequiredService<JsonQueue<RatingAlertMessage>>();

    public static WebhookSecret WebhookSecret => WebhookSecret.TryParse(WebhookSecretText, out var secret) ? secret! : throw new InvalidOperationException();

    /// <param name="settings">Changes to the test settings, keyed as configuration keys (<c>Csat:AdminKey</c>); null removes one.</param>
    /// <param name="services">Adds to the host's services after its settings, as an operator's host would (telemetry exporters).</param>
    public static async Task<PipelineHost> StartAsync(
        string connectionString,
        SendGridStub? sendGrid,
        Action<Dictionary<string, string?>>? settings = null,
        string environment = "Production",
        ILoggerProvider? logging = null,
        TimeProvider? clock = null,
        TimeSpan? longestQueueDelay = null,
        Action<WebApplicationBuilder>? services = null)
    {
        var values = TestSettings(connectionString, sendGrid);
        settings?.Invoke(values);

        // No file watchers on the settings files: a run starts hundreds of hosts, and each watcher is one of the user's few inotify instances.
        var app = SelfHostApp.Build(["--urls", "http://127.0.0.1:0", "--environment", environment, "--hostBuilder:reloadConfigOnChange=false"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(values);
            if (clock is not null)
            {
                builder.Services.AddSingleton(clock);
            }

            if (longestQueueDelay is { } delay)
            {
                // Azurite hides a message by the wall clock; a short longest delay wakes a reminder often
                // enough for the test's clock, which jumps days, to decide when it is due.
                builder.Services.AddSingleton(CsatSettings.Read(builder.Configuration).Csat with { LongestQueueDelay = delay });
            }

            services?.Invoke(builder);
            if (logging is null)
            {
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
            }
            else
            {
                builder.Logging.ClearProviders().AddProvider(logging).SetMinimumLevel(LogLevel.Trace);
            }
        });
        await app.StartAsync();
        return new PipelineHost(app, clock ?? TimeProvider.System);
    }

    /// <summary>The settings every test host starts with, keyed as configuration keys (<c>Csat:AdminKey</c>).</summary>
    public static Dictionary<string, string?> TestSettings(string connectionString, SendGridStub? sendGrid)
    {
        return new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["Csat:StoragePrefix"] = AzuriteFixture.UniquePrefix(),
            ["Csat:CompanyName"] = "Example Hosting",
            ["Csat:PublicBaseUrl"] = PublicBaseUrl,
            ["Csat:WebhookSecret"] = WebhookSecretText,
            ["Csat:LinkSigningKey"] = LinkSigningKeyText,
            ["Csat:AdminKey"] = AdminKey,

            // Yearly, so the timer stays out of the way: tests refresh through the admin route.
            ["Csat:ScoreSchedule"] = "0 0 0 1 1 *",

            // Every test host shares Azurite: only the tests of the static files publish them, each to a container of its own.
            ["Csat:PublishContainer"] = "off",
            ["SendGrid:ApiKey"] = sendGrid is null ? null : SendGridApiKey,
            ["SendGrid:BaseUrl"] = sendGrid?.BaseUrl.AbsoluteUri,
            ["SendGrid:EventWebhookPublicKey"] = SendGridEvents.PublicKey,

            // Every test request comes from one address; the rate limit tests turn limits back on.
            ["Csat:WebhookRequestsPerMinute"] = "0",
            ["Csat:RatingPostsPerMinute"] = "0",

            ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.200",
            ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:00",
        };
    }

    /// <summary>A ticket-resolved event, signed as a helpdesk following Standard Webhooks would sign it.</summary>
    public Task<HttpResponseMessage> SendTicketAsync(string json, string? webhookId = null, DateTimeOffset? signedAt = null) =>
        Http.SendAsync(SignedTicket(json, signedAt ?? Clock.GetUtcNow(), webhookId));

    /// <summary>Sends a ticket that is accepted and returns the survey email <paramref name="sendGrid"/> receives for it.</summary>
    public async Task<ReceivedMail> SurveyEmailForAsync(SendGridStub sendGrid, string ticket)
    {
        var before = sendGrid.Received.Count;
        using var accepted = await SendTicketAsync(ticket);
        Xunit.Assert.Equal(System.Net.HttpStatusCode.Accepted, accepted.StatusCode);
        return (await sendGrid.WaitForAsync(before + 1))[before];
    }

    /// <summary>Posts the customer's answer through the survey email's form, as a browser would, and expects it recorded.</summary>
    public async Task AnswerAsync(ReceivedMail mail, string rating, string? comment = null)
    {
        var fields = new Dictionary<string, string> { ["rating"] = rating };
        if (comment is not null)
        {
            fields["comment"] = comment;
        }

        using var response = await Http.PostAsync(SurveyMail.PostPathFor(mail), new FormUrlEncodedContent(fields));
        Xunit.Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    /// <param name="signedAt">When the helpdesk signs it: the receiving host's clock (<see cref="Clock"/>), or the system's for a host in its own process.</param>
    public static HttpRequestMessage SignedTicket(string json, DateTimeOffset signedAt, string? webhookId = null)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var id = webhookId ?? "msg_" + Guid.NewGuid().ToString("N");
        var timestamp = signedAt.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets/resolved") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSecret.Sign(id, timestamp, body));
        return request;
    }

    public static string Ticket(string ticketId, string email = "ann@example.org", string? name = null, string? subject = null, string? agent = null, string? channel = null, DateTimeOffset? resolvedAt = null, string? company = null)
    {
        var json = new JsonObject
        {
            ["ticketId"] = ticketId,
            ["customer"] = name is null ? new JsonObject { ["email"] = email } : new JsonObject { ["email"] = email, ["name"] = name },
        };
        if (subject is not null) json["subject"] = subject;
        if (agent is not null) json["agent"] = agent;
        if (channel is not null) json["channel"] = channel;
        if (company is not null) json["company"] = company;
        if (resolvedAt is not null) json["resolvedAt"] = resolvedAt.Value.ToString("O");
        return json.ToJsonString();
    }

    /// <summary>The generic reopen signal: <see cref="Ticket"/>'s body with <c>"status": "reopened"</c>, and <c>"reopenedAt"</c> when given.</summary>
    public static string Reopened(string ticketId, string email = "ann@example.org", DateTimeOffset? reopenedAt = null)
    {
        var body = JsonNode.Parse(Ticket(ticketId, email))!;
        body["status"] = "reopened";
        if (reopenedAt is { } at)
        {
            body["reopenedAt"] = at.ToString("O");
        }

        return body.ToJsonString();
    }

    /// <summary>A batch of SendGrid's events, signed as SendGrid signs it, now by the host's clock.</summary>
    public Task<HttpResponseMessage> PostEventsAsync(byte[] batch) => Http.SendAsync(SendGridEvents.Signed(batch, Clock.GetUtcNow()));

    /// <summary>Waits until every posted batch of SendGrid's events has been applied.</summary>
    public Task WaitForEventsAppliedAsync() =>
        Eventually.TrueAsync(
            async () => (await Services.GetRequiredService<JsonQueue<DeliveryEventsMessage>>().Client.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
            "SendGrid's events to be applied");

    public Task<JsonNode> RefreshScoreAsync() => AdminAsync(HttpMethod.Post, "/api/admin/score/refresh");

    /// <summary>Calls an admin route with the admin key and answers its JSON, failing the test on anything but success.</summary>
    public async Task<JsonNode> AdminAsync(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>The ratings as CSV (<c>/api/admin/ratings.csv</c> and its filters) read with the admin key, without the byte order mark.</summary>
    public async Task<string> AdminCsvAsync(string path = "/api/admin/ratings.csv")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        using var response = await Http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return System.Text.Encoding.UTF8.GetString((await response.Content.ReadAsByteArrayAsync())[3..]);
    }

    /// <summary>
    /// Waits until every survey message has been handled, including any deferred until another
    /// mailer's send claim lapsed (the test send window is short). The count includes hidden messages.
    /// </summary>
    public async Task WaitForQueueDrainedAsync(TimeSpan? timeout = null)
    {
        await Eventually.TrueAsync(
            async () => (await SurveyQueue.Client.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
            "the survey queue to drain",
            timeout);
    }

    /// <summary>Waits for a message to reach the poison queue and takes it off; returns its text.</summary>
    public async Task<string> ReceivePoisonedAsync()
    {
        Azure.Storage.Queues.Models.QueueMessage? message = null;
        await Eventually.TrueAsync(
            async () => (message = (await SurveyQueue.Poison.ReceiveMessageAsync()).Value) is not null,
            "a message in the poison queue");
        return message!.MessageText;
    }

    /// <summary>Stops the host as an orchestrator would (SIGTERM): gracefully, within the shutdown timeout.</summary>
    public Task StopAsync() => app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
