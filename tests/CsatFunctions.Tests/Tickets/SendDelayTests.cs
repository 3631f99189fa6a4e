using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsatFunctions.Ledger;
using CsatFunctions.Scores;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using CsatFunctions.Telemetry;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Tickets;

/// <summary>
/// <c>Csat__SendDelay</c> and <c>Csat__ReopenAfterEmail</c> through the generic route: a survey waits
/// out the delay on the host's clock, a reopen inside it cancels the email, the ticket's next
/// resolution is asked once and counted once, on its own day, and what a reopen after the email does.
/// </summary>
public sealed class SendDelayTests(AzuriteFixture azurite)
{
    private static readonly ECDsa SigningKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private readonly MidMonthClock clock = new();

    private readonly string published = "site-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task A_survey_waits_out_the_delay_and_one_reopened_inside_it_is_asked_once_for_its_next_resolution_on_that_day()
    {
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var host = await StartAsync(sendGrid, "PT1H", "keep");
        using var wakeUps = new SurveyQueueWakeUps(host);
        var first = clock.GetUtcNow();
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("D-1", "ann@example.org", resolvedAt: first))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("D-2", "bob@example.org", resolvedAt: first))).StatusCode);

        // Reopened inside the hour: cancelled, counted as not surveyed; the same reopen again says the same.
        foreach (var _ in new[] { 1, 2 })
        {
            var cancelled = await ReopenAsync(host, "D-2", "bob@example.org", clock.GetUtcNow());
            Assert.Equal(("notSurveyed", "The ticket was reopened before its survey email left; its next resolution is surveyed."), (cancelled["status"]!.GetValue<string>(), cancelled["reason"]!.GetValue<string>()));
        }

        var notAsked = Assert.Single((await host.AdminAsync(HttpMethod.Get, "/api/admin/tickets/not-surveyed"))["items"]!.AsArray())!;
        Assert.Equal(("D-2", "reopened"), (notAsked["ticketId"]!.GetValue<string>(), notAsked["reason"]!.GetValue<string>()));
        Assert.Equal(1, (await host.RefreshScoreAsync())["windows"]!["allTime"]!["notSurveyed"]!.GetValue<int>());

        // The queue wakes the waiting messages every 300 ms: within the hour, none of its wake-ups sends.
        await wakeUps.WaitAsync(3);
        Assert.Empty(sendGrid.Received);

        clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(["ann@example.org"], (await sendGrid.WaitForAsync(1)).Select(SurveyMail.ToAddressOf));
        await host.WaitForQueueDrainedAsync();
        Assert.Single(sendGrid.Received);

        // The next day the ticket is resolved again: taken in (202), its redelivery and the first
        // resolution's are duplicates, and it is emailed once, after the hour.
        clock.Advance(TimeSpan.FromHours(12));
        var second = clock.GetUtcNow();
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("D-2", "bob@example.org", resolvedAt: second))).StatusCode);
        foreach (var resolvedAt in new[] { second, first })
        {
            using var again = await host.SendTicketAsync(PipelineHost.Ticket("D-2", "bob@example.org", resolvedAt: resolvedAt));
            Assert.Equal("duplicate", JsonNode.Parse(await again.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
        }

        await wakeUps.WaitAsync(2);
        Assert.Single(sendGrid.Received);
        clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal("bob@example.org", SurveyMail.ToAddressOf((await sendGrid.WaitForAsync(2))[1]));
        await host.WaitForQueueDrainedAsync();
        Assert.Equal(2, sendGrid.Received.Count);

        // Counted once, on the day of its final resolution, and no longer as not surveyed.
        var allTime = (await host.RefreshScoreAsync())["windows"]!["allTime"]!;
        Assert.Equal((2, 0), (allTime["surveyed"]!.GetValue<int>(), allTime["notSurveyed"]!.GetValue<int>()));
        Assert.Equal(1, await SurveyedOnAsync(host, first));
        Assert.Equal(1, await SurveyedOnAsync(host, second));
        Assert.Empty((await host.AdminAsync(HttpMethod.Get, "/api/admin/tickets/not-surveyed"))["items"]!.AsArray());
    }

    [Fact]
    public async Task By_default_a_reopen_after_the_email_changes_nothing_and_the_next_resolution_is_a_duplicate()
    {
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var host = await StartAsync(sendGrid, "PT0S", reopenAfterEmail: null);
        await host.SurveyEmailForAsync(sendGrid, PipelineHost.Ticket("K-1", "kim@example.org", resolvedAt: clock.GetUtcNow()));

        var reopened = await ReopenAsync(host, "K-1", "kim@example.org", clock.GetUtcNow());
        Assert.Equal(("ignored", "The survey email had left (without Csat__SendDelay it leaves at once): the survey stands (Csat__ReopenAfterEmail=keep)."), (reopened["status"]!.GetValue<string>(), reopened["reason"]!.GetValue<string>()));
        Assert.Equal("ignored", (await ReopenAsync(host, "K-404", "kim@example.org", null))["status"]!.GetValue<string>());

        using var again = await host.SendTicketAsync(PipelineHost.Ticket("K-1", "kim@example.org", resolvedAt: clock.GetUtcNow().AddMinutes(10)));
        Assert.Equal((HttpStatusCode.OK, "duplicate"), (again.StatusCode, JsonNode.Parse(await again.Content.ReadAsStringAsync())!["status"]!.GetValue<string>()));
        await host.WaitForQueueDrainedAsync();
        Assert.Single(sendGrid.Received);
    }

    [Fact]
    public async Task Asked_again_after_a_reopen_the_same_survey_is_emailed_again_counted_once_on_the_new_day_and_the_ledger_agrees()
    {
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var host = await StartAsync(sendGrid, "PT0S", "ask-again");
        var first = clock.GetUtcNow();
        var mail = await host.SurveyEmailForAsync(sendGrid, PipelineHost.Ticket("A-1", "ada@example.org", resolvedAt: first));
        await host.AnswerAsync(mail, "excellent");

        var reopened = await ReopenAsync(host, "A-1", "ada@example.org", clock.GetUtcNow());
        Assert.Equal(("reopened", SurveyMail.SurveyIdOf(mail)), (reopened["status"]!.GetValue<string>(), reopened["surveyId"]!.GetValue<string>()));
        Assert.Equal("ignored", (await ReopenAsync(host, "A-1", "ada@example.org", first.AddMinutes(-30)))["status"]!.GetValue<string>());

        // Resolved again eight days later: the first day falls out of the last seven days' window.
        clock.Advance(TimeSpan.FromDays(8));
        var second = clock.GetUtcNow();
        var again = await host.SurveyEmailForAsync(sendGrid, PipelineHost.Ticket("A-1", "ada@example.org", resolvedAt: second));
        Assert.Equal(SurveyMail.SurveyIdOf(mail), SurveyMail.SurveyIdOf(again));
        await host.WaitForQueueDrainedAsync();
        Assert.Equal(2, sendGrid.Received.Count);

        // The answer given before stands, counted once on the new day, until a new one replaces it.
        var allTime = (await host.RefreshScoreAsync())["windows"]!["allTime"]!;
        Assert.Equal((1, 1, 1), (allTime["surveyed"]!.GetValue<int>(), allTime["rated"]!.GetValue<int>(), allTime["excellent"]!.GetValue<int>()));
        Assert.Equal((0, 1), (await SurveyedOnAsync(host, first), await SurveyedOnAsync(host, second)));
        await host.AnswerAsync(again, "unsatisfactory");
        allTime = (await host.RefreshScoreAsync())["windows"]!["allTime"]!;
        Assert.Equal((1, 1, 0, 1), (allTime["surveyed"]!.GetValue<int>(), allTime["rated"]!.GetValue<int>(), allTime["excellent"]!.GetValue<int>(), allTime["unsatisfactory"]!.GetValue<int>()));

        // The public ledger names the ticket's move with a later counted entry, and recomputes to the published figures.
        var ledger = await DownloadLedgerAsync(host);
        Assert.Empty(LedgerVerifier.Check(ledger, out var entries));
        Assert.Equal([Day(first), Day(second)], entries.Where(e => e.Kind == LedgerEntry.Counted).Select(e => e.Day));
        var score = JsonSerializer.Deserialize(await host.Http.GetStringAsync("/api/score"), CsatJson.Default.ScoreDocument)!;
        Assert.Empty(ScoreFromLedger.Compare(score.Windows, ScoreFromLedger.Recompute(entries, score.GeneratedAt)));
        Assert.Equal((1, 1), (score.Windows.AllTime.Surveyed, score.Windows.Last7Days.Surveyed));
    }

    [Fact]
    public async Task A_quick_reclose_on_the_helpdesks_clock_after_a_reopen_on_ours_is_the_next_resolution_and_a_reopen_older_than_a_later_resolution_is_stale()
    {
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var host = await StartAsync(sendGrid, "PT1H", "keep");
        var first = clock.GetUtcNow();
        foreach (var ticket in new[] { "M-1", "L-1" })
        {
            Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket(ticket, $"{ticket.ToLowerInvariant()}@example.org", resolvedAt: first))).StatusCode);
        }

        // M-1: reopened, timed by our arrival ten minutes on; closed again five minutes on by the helpdesk's
        // clock, which runs behind ours. That is its next resolution; both resolutions' redeliveries are duplicates.
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal("notSurveyed", (await ReopenAsync(host, "M-1", "m-1@example.org", null))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("M-1", "m-1@example.org", resolvedAt: first.AddMinutes(5)))).StatusCode);
        foreach (var resolvedAt in new[] { first, first.AddMinutes(5) })
        {
            using var again = await host.SendTicketAsync(PipelineHost.Ticket("M-1", "m-1@example.org", resolvedAt: resolvedAt));
            Assert.Equal("duplicate", JsonNode.Parse(await again.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
        }

        // L-1: resolved again at minute 8 (no reopen had come yet), then the reopen of minute 6 arrives late: stale.
        using (var later = await host.SendTicketAsync(PipelineHost.Ticket("L-1", "l-1@example.org", resolvedAt: first.AddMinutes(8))))
        {
            Assert.Equal("duplicate", JsonNode.Parse(await later.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
        }

        Assert.Equal("ignored", (await ReopenAsync(host, "L-1", "l-1@example.org", first.AddMinutes(6)))["status"]!.GetValue<string>());
        Assert.Empty((await host.AdminAsync(HttpMethod.Get, "/api/admin/tickets/not-surveyed"))["items"]!.AsArray());

        clock.Advance(TimeSpan.FromMinutes(61));
        await sendGrid.WaitForAsync(2);
        await host.WaitForQueueDrainedAsync();
        Assert.Equal(["l-1@example.org", "m-1@example.org"], sendGrid.Received.Select(SurveyMail.ToAddressOf).Order());
        var allTime = (await host.RefreshScoreAsync())["windows"]!["allTime"]!;
        Assert.Equal((2, 0), (allTime["surveyed"]!.GetValue<int>(), allTime["notSurveyed"]!.GetValue<int>()));
    }

    [Fact]
    public async Task The_next_resolution_is_the_last_resolvers_and_a_copy_read_before_it_moved_the_ticket_never_counts_it_on_the_old_day_again()
    {
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var host = await StartAsync(sendGrid, "PT1H", "keep");
        var first = clock.GetUtcNow();
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("S-1", "sam@example.org", agent: "agent-first", resolvedAt: first))).StatusCode);
        var surveyId = (await ReopenAsync(host, "S-1", "sam@example.org", first.AddMinutes(1)))["surveyId"]!.GetValue<string>();

        // A filer (a delivery event, a reminder, a tag) holding the cancelled survey as read before the move.
        var stale = (await host.Services.GetRequiredService<SurveyTable>().GetAsync(surveyId, CancellationToken.None))!.Survey;
        clock.Advance(TimeSpan.FromDays(1));
        var second = clock.GetUtcNow();
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("S-1", "sam@example.org", agent: "agent-last", resolvedAt: second))).StatusCode);
        await host.Services.GetRequiredService<ICountsSurveys>().FileAsync(stale, CancellationToken.None);

        var allTime = (await host.RefreshScoreAsync())["windows"]!["allTime"]!;
        Assert.Equal((1, 0), (allTime["surveyed"]!.GetValue<int>(), allTime["notSurveyed"]!.GetValue<int>()));
        Assert.Equal((0, 1), (await SurveyedOnAsync(host, first), await SurveyedOnAsync(host, second)));

        // The answer is the agent's who resolved the ticket last.
        clock.Advance(TimeSpan.FromMinutes(61));
        await host.AnswerAsync((await sendGrid.WaitForAsync(1))[0], "excellent");
        var csv = await host.AdminCsvAsync();
        Assert.Contains("agent-last", csv);
        Assert.DoesNotContain("agent-first", csv);
    }

    [Fact]
    public async Task Asked_again_a_survey_answered_on_its_first_email_is_never_cancelled_by_a_reopen_inside_the_new_delay()
    {
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var host = await StartAsync(sendGrid, "PT1H", "ask-again");
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("R-1", "rae@example.org", resolvedAt: clock.GetUtcNow()))).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(61));
        await host.AnswerAsync((await sendGrid.WaitForAsync(1))[0], "excellent");

        Assert.Equal("reopened", (await ReopenAsync(host, "R-1", "rae@example.org", clock.GetUtcNow()))["status"]!.GetValue<string>());
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("R-1", "rae@example.org", resolvedAt: clock.GetUtcNow()))).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("reopened", (await ReopenAsync(host, "R-1", "rae@example.org", clock.GetUtcNow()))["status"]!.GetValue<string>());

        Assert.Empty((await host.AdminAsync(HttpMethod.Get, "/api/admin/tickets/not-surveyed"))["items"]!.AsArray());
        var allTime = (await host.RefreshScoreAsync())["windows"]!["allTime"]!;
        Assert.Equal((1, 1, 0), (allTime["surveyed"]!.GetValue<int>(), allTime["rated"]!.GetValue<int>(), allTime["notSurveyed"]!.GetValue<int>()));

        // Its next resolution asks again, once.
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("R-1", "rae@example.org", resolvedAt: clock.GetUtcNow()))).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(61));
        await sendGrid.WaitForAsync(2);
        await host.WaitForQueueDrainedAsync();
        Assert.Equal(2, sendGrid.Received.Count);
    }

    [Fact]
    public async Task A_reopen_while_the_email_is_leaving_cancels_it_when_SendGrid_turns_that_send_away_and_the_cancel_frees_the_customers_cooldown()
    {
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var host = await StartAsync(sendGrid, "PT1H", "keep", settings => settings["Csat:SurveyCooldownDays"] = "30");
        var leaving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var answer = new ManualResetEventSlim();
        sendGrid.RespondTo = mail =>
        {
            if (SurveyMail.ToAddressOf(mail) != "tia@example.org")
            {
                return (202, "");
            }

            leaving.TrySetResult();
            answer.Wait(TimeSpan.FromSeconds(30));
            return (503, "");
        };

        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("T-1", "tia@example.org", resolvedAt: clock.GetUtcNow()))).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(61));
        await leaving.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("ignored", (await ReopenAsync(host, "T-1", "tia@example.org", clock.GetUtcNow()))["status"]!.GetValue<string>());
        answer.Set();

        // SendGrid's 503 gives the claim back; the retry finds the reopen and cancels instead of emailing a reopened ticket.
        await Eventually.TrueAsync(
            async () => (await host.AdminAsync(HttpMethod.Get, "/api/admin/tickets/not-surveyed"))["items"]!.AsArray().Count == 1,
            "the survey cancelled after SendGrid turned its send away");
        await host.WaitForQueueDrainedAsync();
        Assert.Single(sendGrid.Received);

        // A cancel sent nothing, so the customer's cooldown does not hold back their other ticket.
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("T-2", "tia@example.org", resolvedAt: clock.GetUtcNow()))).StatusCode);
        var notAsked = Assert.Single((await host.AdminAsync(HttpMethod.Get, "/api/admin/tickets/not-surveyed"))["items"]!.AsArray())!;
        Assert.Equal(("T-1", "reopened"), (notAsked["ticketId"]!.GetValue<string>(), notAsked["reason"]!.GetValue<string>()));
        sendGrid.RespondTo = null;
        clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal("tia@example.org", SurveyMail.ToAddressOf((await sendGrid.WaitForAsync(2))[1]));
    }

    [Fact]
    public async Task A_reclose_after_SendGrid_turned_away_a_send_a_reopen_was_noted_during_is_the_next_resolution_and_is_asked()
    {
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var host = await StartAsync(sendGrid, "PT1H", "keep");
        var leaving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var retryWaiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var answer = new ManualResetEventSlim();
        using var retry = new ManualResetEventSlim();
        var armed = 0;
        sendGrid.RespondTo = _ =>
        {
            leaving.TrySetResult();
            answer.Wait(TimeSpan.FromSeconds(30));
            Volatile.Write(ref armed, 1);
            return (503, "");
        };

        // The mailer's retry after the 503 is held at its start until the agent has closed the ticket again.
        var retryName = $"process {host.SurveyQueue.Client.Name}";
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == CsatTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) => options.Name == retryName ? ActivitySamplingResult.AllData : ActivitySamplingResult.None,
            ActivityStarted = _ =>
            {
                if (Interlocked.Exchange(ref armed, 0) == 1)
                {
                    retryWaiting.TrySetResult();
                    retry.Wait(TimeSpan.FromSeconds(30));
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("T-1", "tia@example.org", resolvedAt: clock.GetUtcNow()))).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(61));
        await leaving.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("ignored", (await ReopenAsync(host, "T-1", "tia@example.org", clock.GetUtcNow()))["status"]!.GetValue<string>());
        answer.Set();
        await retryWaiting.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // SendGrid gave the claim back: nothing has left, so the re-close is the resolution to ask about.
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("T-1", "tia@example.org", resolvedAt: clock.GetUtcNow()))).StatusCode);
        sendGrid.RespondTo = null;
        retry.Set();
        clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal("tia@example.org", SurveyMail.ToAddressOf((await sendGrid.WaitForAsync(2))[1]));
        await host.WaitForQueueDrainedAsync();
        Assert.Equal(2, sendGrid.Received.Count);
        Assert.Empty((await host.AdminAsync(HttpMethod.Get, "/api/admin/tickets/not-surveyed"))["items"]!.AsArray());
    }

    [Fact]
    public async Task A_reopen_noted_while_a_dead_mailers_claim_was_live_stays_one_after_the_email_and_the_retry_sends_it_once()
    {
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var host = await StartAsync(sendGrid, "PT1H", "keep", wakeOften: false);
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("C-1", "cai@example.org", resolvedAt: clock.GetUtcNow()))).StatusCode);
        var surveyId = await host.Services.SurveyIdOfAsync("C-1");

        // A mailer claimed the send and died: whether SendGrid took the email first is unknown here (its
        // processed event may be late), so a reopen, during the claim or after it lapsed, is one after the
        // email, and the retry sends rather than count as not asked a survey the customer may hold.
        await ClaimAsDeadMailerAsync(host, surveyId);
        Assert.Equal("ignored", (await ReopenAsync(host, "C-1", "cai@example.org", clock.GetUtcNow()))["status"]!.GetValue<string>());
        clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal("ignored", (await ReopenAsync(host, "C-1", "cai@example.org", clock.GetUtcNow()))["status"]!.GetValue<string>());
        await RedeliverAsync(host, surveyId, handlings: 1);

        Assert.Equal("cai@example.org", SurveyMail.ToAddressOf(Assert.Single(sendGrid.Received)));
        Assert.Empty((await host.AdminAsync(HttpMethod.Get, "/api/admin/tickets/not-surveyed"))["items"]!.AsArray());
        var allTime = (await host.RefreshScoreAsync())["windows"]!["allTime"]!;
        Assert.Equal((1, 0), (allTime["surveyed"]!.GetValue<int>(), allTime["notSurveyed"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_mailer_cut_off_right_after_its_cancel_landed_is_finished_by_the_messages_retry_counted_not_surveyed_and_the_cooldown_freed()
    {
        await using var sendGrid = await SendGridStub.StartAsync();
        var cutOff = new FilingCutOffOnce();
        await using var host = await StartAsync(
            sendGrid,
            "PT1H",
            "keep",
            settings => settings["Csat:SurveyCooldownDays"] = "30",
            wakeOften: false,
            services: builder => builder.Host.UseServiceProviderFactory(cutOff));
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("X-1", "xia@example.org", resolvedAt: clock.GetUtcNow()))).StatusCode);
        var surveyId = await host.Services.SurveyIdOfAsync("X-1");
        await ClaimAsDeadMailerAsync(host, surveyId);
        Assert.Equal("ignored", (await ReopenAsync(host, "X-1", "xia@example.org", clock.GetUtcNow()))["status"]!.GetValue<string>());

        // SendGrid turned that send away (the claim given back); the next mailer's cancel lands and the
        // process dies before the filing and the cooldown's release: the message fails, and its retry
        // finds the survey cancelled.
        await host.Services.GetRequiredService<SurveyTable>().ReleaseClaimAsync(surveyId, OutgoingEmail.Survey, "SendGrid answered 503", CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(61));
        await RedeliverAsync(host, surveyId, handlings: 2);
        Assert.Equal(1, cutOff.CutOff);
        await AssertCancelledAsync(host, sendGrid, "X-1");

        // Nothing was sent, so the customer's cooldown does not hold back their next ticket.
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("X-2", "xia@example.org", resolvedAt: clock.GetUtcNow()))).StatusCode);
        var next = (await host.Services.GetRequiredService<SurveyTable>().GetAsync(await host.Services.SurveyIdOfAsync("X-2"), CancellationToken.None))!.Survey;
        Assert.Equal((EmailState.Pending, (string?)null), (next.Email, next.SkipReason));
    }

    [Fact]
    public async Task A_reopen_after_SendGrid_processed_an_email_whose_claim_was_given_back_leaves_the_survey_standing_and_sends_nothing_again()
    {
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var host = await StartAsync(sendGrid, "PT1H", "keep", wakeOften: false);
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("P-1", "pia@example.org", resolvedAt: clock.GetUtcNow()))).StatusCode);
        var surveyId = await host.Services.SurveyIdOfAsync("P-1");

        // A send whose SendGrid call timed out gave its claim back (Pending), and SendGrid's processed event then came.
        Assert.Equal(HttpStatusCode.OK, (await host.PostEventsAsync(SendGridEvents.Batch(SendGridEvents.Event("processed", surveyId, "pia@example.org", clock.GetUtcNow())))).StatusCode);
        await host.WaitForEventsAppliedAsync();
        var reopened = await ReopenAsync(host, "P-1", "pia@example.org", clock.GetUtcNow());
        Assert.Equal("ignored", reopened["status"]!.GetValue<string>());

        // Due, the message records the email SendGrid took without sending it again; the ticket counts as surveyed.
        clock.Advance(TimeSpan.FromMinutes(61));
        await RedeliverAsync(host, surveyId, handlings: 1);
        var survey = (await host.Services.GetRequiredService<SurveyTable>().GetAsync(surveyId, CancellationToken.None))!.Survey;
        Assert.Equal((EmailState.Sent, (string?)null), (survey.Email, survey.SkipReason));
        Assert.Empty(sendGrid.Received);
        Assert.Empty((await host.AdminAsync(HttpMethod.Get, "/api/admin/tickets/not-surveyed"))["items"]!.AsArray());
        var allTime = (await host.RefreshScoreAsync())["windows"]!["allTime"]!;
        Assert.Equal((1, 0), (allTime["surveyed"]!.GetValue<int>(), allTime["notSurveyed"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_reopen_whose_survey_keeps_changing_under_it_is_answered_503_with_retry_after_and_its_retry_cancels()
    {
        await using var relay = ConflictingWritesRelay.InFrontOfTables(azurite.ConnectionString);
        await using var sendGrid = await SendGridStub.StartAsync();
        var prefix = AzuriteFixture.UniquePrefix();
        await using var host = await PipelineHost.StartAsync(
            relay.ConnectionString,
            sendGrid,
            settings => (settings["Csat:StoragePrefix"], settings["Csat:SendDelay"]) = (prefix, "PT1H"),
            clock: clock);
        Assert.Equal(HttpStatusCode.Accepted, (await host.SendTicketAsync(PipelineHost.Ticket("W-1", "wes@example.org", resolvedAt: clock.GetUtcNow()))).StatusCode);

        // Every conditional write to the survey's row loses, as to writers at the same moment.
        relay.Refuse($"PATCH /devstoreaccount1/{prefix}Surveys(");
        using (var conflicted = await host.SendTicketAsync(PipelineHost.Reopened("W-1", "wes@example.org")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, conflicted.StatusCode);
            Assert.Equal("application/problem+json", conflicted.Content.Headers.ContentType!.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(10), conflicted.Headers.RetryAfter!.Delta);

            // Said as a row that kept changing, not as storage being down.
            Assert.StartsWith("What this request changes kept changing under it", JsonNode.Parse(await conflicted.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>());
        }

        Assert.True(relay.Refused >= 3, $"{relay.Refused} writes refused");
        relay.Refuse(null);
        Assert.Equal("notSurveyed", (await ReopenAsync(host, "W-1", "wes@example.org", null))["status"]!.GetValue<string>());
    }

    /// <param name="wakeOften">Messages hide at most 300 ms, so a waiting survey's message wakes to the test's clock; false keeps the queue's 7 days, so only a message the test sends is handled.</param>
    private Task<PipelineHost> StartAsync(SendGridStub sendGrid, string sendDelay, string? reopenAfterEmail, Action<Dictionary<string, string?>>? more = null, bool wakeOften = true, Action<WebApplicationBuilder>? services = null) =>
        PipelineHost.StartAsync(
            azurite.ConnectionString,
            sendGrid,
            settings =>
            {
                settings["Csat:SendDelay"] = sendDelay;
                settings["Csat:ReopenAfterEmail"] = reopenAfterEmail;
                settings["Csat:PublishContainer"] = published;
                settings["Csat:LedgerSigningKey"] = Convert.ToBase64String(SigningKey.ExportPkcs8PrivateKey());
                settings["Csat:PublishedUrl"] = "https://files.example.test/";
                more?.Invoke(settings);
            },
            clock: clock,
            longestQueueDelay: wakeOften ? TimeSpan.FromMilliseconds(300) : null,
            services: services);

    /// <summary>A mailer's claim on the survey's send, live for the send window on the host's clock, left by a mailer that died before SendGrid.</summary>
    private static async Task ClaimAsDeadMailerAsync(PipelineHost host, string surveyId)
    {
        var surveys = host.Services.GetRequiredService<SurveyTable>();
        var stored = (await surveys.GetAsync(surveyId, CancellationToken.None))!;
        var window = host.Services.GetRequiredService<CsatOptions>().SendWindow;
        Assert.True(await surveys.TryClaimSendAsync(stored, OutgoingEmail.Survey, "dead-mailer", host.Clock.GetUtcNow() + window, CancellationToken.None));
    }

    /// <summary>The survey's message delivered again, as a queue does after a crash, and handled <paramref name="handlings"/> times.</summary>
    private static async Task RedeliverAsync(PipelineHost host, string surveyId, int handlings)
    {
        using var wakeUps = new SurveyQueueWakeUps(host);
        await host.SurveyQueue.EnqueueAsync(new SurveyMessage(surveyId), null, CancellationToken.None);
        await wakeUps.WaitAsync(handlings);
    }

    /// <summary>The ticket's survey cancelled by its reopen: nothing sent, counted and listed as not surveyed (<c>reopened</c>).</summary>
    private static async Task AssertCancelledAsync(PipelineHost host, SendGridStub sendGrid, string ticketId)
    {
        var survey = (await host.Services.GetRequiredService<SurveyTable>().GetAsync(await host.Services.SurveyIdOfAsync(ticketId), CancellationToken.None))!.Survey;
        Assert.Equal((EmailState.Skipped, SkipReasons.Reopened), (survey.Email, survey.SkipReason));
        Assert.Empty(sendGrid.Received);
        var notAsked = Assert.Single((await host.AdminAsync(HttpMethod.Get, "/api/admin/tickets/not-surveyed"))["items"]!.AsArray())!;
        Assert.Equal((ticketId, "reopened"), (notAsked["ticketId"]!.GetValue<string>(), notAsked["reason"]!.GetValue<string>()));
        Assert.Equal(1, (await host.RefreshScoreAsync())["windows"]!["allTime"]!["notSurveyed"]!.GetValue<int>());
    }

    /// <summary>The generic body with <c>"status": "reopened"</c>, answered 200 whatever it does.</summary>
    private static async Task<JsonNode> ReopenAsync(PipelineHost host, string ticketId, string email, DateTimeOffset? reopenedAt)
    {
        using var response = await host.SendTicketAsync(PipelineHost.Reopened(ticketId, email, reopenedAt));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>The tickets the desk's report counts on one UTC day.</summary>
    private static async Task<int> SurveyedOnAsync(PipelineHost host, DateTimeOffset at) =>
        (await host.AdminAsync(HttpMethod.Get, $"/api/admin/reports?from={Day(at)}&to={Day(at)}"))["total"]!["surveyed"]!.GetValue<int>();

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<PublishedLedger> DownloadLedgerAsync(PipelineHost host)
    {
        var container = host.Services.GetRequiredService<CsatStorage>().ContainerNamed(published);
        async Task<string?> Read(string name)
        {
            var blob = container.GetBlobClient(name);
            return await blob.ExistsAsync() ? (await blob.DownloadContentAsync()).Value.Content.ToString() : null;
        }

        return (await PublishedLedger.ReadAsync(Read))!;
    }

    /// <summary>
    /// The score's filing, cut off once where a cancelled (<c>reopened</c>) survey is filed: thrown before
    /// it starts, so neither the filing nor the cooldown's release beside it is made, as when the
    /// process dies right after the cancel's write.
    /// </summary>
    private sealed class FilingCutOffOnce : IServiceProviderFactory<IServiceCollection>
    {
        private int cutOff;

        public int CutOff => Volatile.Read(ref cutOff);

        public IServiceCollection CreateBuilder(IServiceCollection services) => services;

        public IServiceProvider CreateServiceProvider(IServiceCollection services) =>
            services.AddSingleton<ICountsSurveys>(provider => new Filing(this, provider.GetRequiredService<CountedSurveys>())).BuildServiceProvider();

        private sealed class Filing(FilingCutOffOnce fault, ICountsSurveys inner) : ICountsSurveys
        {
            public Task FileAsync(Survey survey, CancellationToken cancellationToken) =>
                survey is { Email: EmailState.Skipped, SkipReason: SkipReasons.Reopened } && Interlocked.CompareExchange(ref fault.cutOff, 1, 0) == 0
                    ? throw new IOException("The process died right after the cancel's write.")
                    : inner.FileAsync(survey, cancellationToken);
        }
    }
}
