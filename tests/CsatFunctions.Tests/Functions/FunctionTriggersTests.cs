using System.Net;
using System.Text.Json.Nodes;
using CsatFunctions.Alerts;
using CsatFunctions.Surveys;
using CsatFunctions.Surveys.Delivery;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Functions;

/// <summary>
/// A ticket's whole life through the Functions app's own trigger classes (see <see cref="FunctionsWorker"/>):
/// intake over HTTP, the survey, reminder and alert queue functions, SendGrid's events, the rating page
/// and the score timer, each reached by what functions.metadata says it is bound to.
/// </summary>
public sealed class FunctionTriggersTests(AzuriteFixture azurite)
{
    private const string Lead = "lead@example-hosting.test";

    [Fact]
    public async Task A_ticket_taken_in_by_the_functions_app_is_surveyed_delivered_rated_alerted_and_counted_by_its_triggers()
    {
        await using var sendGrid = await SendGridStub.StartAsync();
        var settings = PipelineHost.TestSettings(azurite.ConnectionString, sendGrid);
        settings["Csat:AlertEmail"] = Lead;
        await using var worker = await FunctionsWorker.StartAsync(settings);

        using var intake = await worker.Http.SendAsync(PipelineHost.SignedTicket(PipelineHost.Ticket("T-FN-1", "ann@example.org", subject: "Mailbox full"), worker.Clock.GetUtcNow()));
        Assert.Equal(HttpStatusCode.Accepted, intake.StatusCode);

        // SendSurvey, bound to the survey queue: the customer gets the one email.
        Assert.Equal(1, await worker.DeliverQueuedAsync<SurveyMessage>());
        var mail = Assert.Single(sendGrid.Received);
        Assert.Equal("ann@example.org", SurveyMail.ToAddressOf(mail));
        var surveyId = SurveyMail.SurveyIdOf(mail);

        // SendGridEvents takes the batch; ApplyDeliveryEvents, bound to its queue, applies it.
        using var events = await worker.Http.SendAsync(SendGridEvents.Signed(SendGridEvents.Batch(SendGridEvents.Event("delivered", surveyId, "ann@example.org", worker.Clock.GetUtcNow())), worker.Clock.GetUtcNow()));
        Assert.True(events.IsSuccessStatusCode, events.StatusCode.ToString());
        Assert.Equal(1, await worker.DeliverQueuedAsync<DeliveryEventsMessage>());

        // ShowRating and RecordRating: the link's page, then the answer.
        using var page = await worker.Http.GetAsync(SurveyMail.LinkFor(mail, "unsatisfactory"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var answer = new HttpRequestMessage(HttpMethod.Post, SurveyMail.PostPathFor(mail))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["rating"] = "unsatisfactory" }),
        };
        answer.Headers.Accept.ParseAdd("application/json");
        using var recorded = await worker.Http.SendAsync(answer);
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);

        // AlertOnBadRating, bound to the alert queue: the lead hears of it.
        Assert.Equal(1, await worker.DeliverQueuedAsync<RatingAlertMessage>());
        Assert.Contains(sendGrid.Received, received => SurveyMail.ToAddressOf(received) == Lead);

        // RefreshScoreOnSchedule at a tick, and the Score function serves what it counted.
        await worker.InvokeTimerAsync("RefreshScoreOnSchedule");
        var score = JsonNode.Parse(await worker.Http.GetStringAsync("/api/score"))!["windows"]!["allTime"]!;
        Assert.Equal(1, (int)score["surveyed"]!);
        Assert.Equal(1, (int)score["delivered"]!);
        Assert.Equal(1, (int)score["unsatisfactory"]!);
        Assert.Equal(0m, (decimal)score["satisfactionPercent"]!);
    }

    [Fact]
    public async Task The_reminder_function_reminds_a_delivered_customer_who_has_not_answered_once_it_is_due()
    {
        var clock = new MidMonthClock();
        await using var sendGrid = await SendGridStub.StartAsync();
        var settings = PipelineHost.TestSettings(azurite.ConnectionString, sendGrid);
        settings["Csat:ReminderAfterDays"] = "3";
        await using var worker = await FunctionsWorker.StartAsync(settings, clock);
        using var intake = await worker.Http.SendAsync(PipelineHost.SignedTicket(PipelineHost.Ticket("T-FN-REMIND", "bo@example.org"), clock.GetUtcNow()));
        Assert.Equal(HttpStatusCode.Accepted, intake.StatusCode);
        Assert.Equal(1, await worker.DeliverQueuedAsync<SurveyMessage>());
        var surveyId = SurveyMail.SurveyIdOf(Assert.Single(sendGrid.Received));
        using var events = await worker.Http.SendAsync(SendGridEvents.Signed(SendGridEvents.Batch(SendGridEvents.Event("delivered", surveyId, "bo@example.org", clock.GetUtcNow())), clock.GetUtcNow()));
        Assert.True(events.IsSuccessStatusCode, events.StatusCode.ToString());
        Assert.Equal(1, await worker.DeliverQueuedAsync<DeliveryEventsMessage>());

        // The host hands the message over when the queue shows it; the function itself checks that it is due.
        var reminder = CsatFunctions.Storage.JsonQueue<ReminderMessage>.Write(new ReminderMessage(surveyId));
        await worker.InvokeQueueAsync("SendReminder", reminder);
        Assert.Single(sendGrid.Received);

        clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        await worker.InvokeQueueAsync("SendReminder", reminder);
        var mails = await sendGrid.WaitForAsync(2);
        Assert.All(mails, mail => Assert.Equal("bo@example.org", SurveyMail.ToAddressOf(mail)));
        Assert.Equal(surveyId, SurveyMail.SurveyIdOf(mails[1]));
    }

    /// <summary>
    /// Every HTTP function of the app, made from the services the pipeline registers and bound to its route's
    /// values, answers a script's bare request with the admin key: a clear answer, never a 5xx.
    /// </summary>
    [Fact]
    public async Task Every_http_function_answers_a_bare_request_through_the_worker_and_none_with_a_server_error()
    {
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var worker = await FunctionsWorker.StartAsync(PipelineHost.TestSettings(azurite.ConnectionString, sendGrid));
        var values = new Dictionary<string, string>
        {
            ["{area:regex(^admin$)}"] = "admin",
            ["{helpdesk}"] = "zendesk",
            ["{token}"] = "not-a-token",
            ["{email}"] = "nobody@example.org",
            ["{name}"] = "spring",
            ["{surveyId}"] = "no-such-survey",
            ["{queue}"] = QueueStepList.Surveys,
        };

        List<string> answered = [];
        foreach (var (function, binding) in FunctionsAppBuild.Bindings("httpTrigger"))
        {
            var path = "/api/" + values.Aggregate((string)binding["route"]!, (route, value) => route.Replace(value.Key, value.Value, StringComparison.Ordinal));
            foreach (var method in binding["methods"]!.AsArray().Select(method => new HttpMethod(((string)method!).ToUpperInvariant())))
            {
                using var request = new HttpRequestMessage(method, path);
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", PipelineHost.AdminKey);
                if (method == HttpMethod.Post || method == HttpMethod.Put)
                {
                    request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                }

                using var response = await worker.Http.SendAsync(request);
                Assert.True((int)response.StatusCode < 500, $"{function}: {method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                answered.Add($"{method} {function}");
            }
        }

        Assert.Equal(CsatFunctions.Web.CsatRoutes.All.Sum(route => route.Methods.Length), answered.Count);
    }

    [Fact]
    public async Task A_message_the_survey_function_cannot_read_fails_its_invocation_so_the_host_retries_and_poisons_it()
    {
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var worker = await FunctionsWorker.StartAsync(PipelineHost.TestSettings(azurite.ConnectionString, sendGrid));

        // The guard lets a queue invocation's failure through: the host counts it towards maxDequeueCount.
        await Assert.ThrowsAsync<System.Text.Json.JsonException>(() => worker.InvokeQueueAsync("SendSurvey", "{\"not\":\"a survey\"}"));
        Assert.Empty(sendGrid.Received);
    }
}
