using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Scores;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Desk;

/// <summary>The team's tags on answers, and the company on the desk, through the real HTTP pipeline: the desk's form, the bearer key, the feed, the CSV and the report.</summary>
public sealed class AnswerTagTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    private const string ViewerKey = "viewer-key-0123456789abcdefghijklmnopq";

    private readonly MidMonthClock clock = new();
    private readonly Dictionary<string, string> surveyIds = [];

    private HttpClient Browser => field ??= new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Host.Http.BaseAddress };

    protected override TimeProvider Clock => clock;

    private readonly HeldFiling held = new();

    protected override void Configure(Dictionary<string, string?> settings) => settings["Csat:ViewerKey"] = ViewerKey;

    /// <summary>
    /// The filings of the other steps (a delivery event's) go through <see cref="HeldFiling"/>, which a
    /// test may hold: registered as the container is built, after the pipeline's own registration.
    /// </summary>
    protected override void ConfigureServices(WebApplicationBuilder builder) => builder.Host.UseServiceProviderFactory(new HoldingFilings(held));

    [Fact]
    public async Task Tags_added_at_the_desk_and_by_a_script_show_in_the_feed_the_csv_the_report_and_filter_the_feed()
    {
        await AnswerAsync(("T-1", "Acme Ltd", "unsatisfactory"), ("T-2", "Globex", "excellent"), ("T-3", null, "satisfactory"));
        var admin = await SignInAsync(PipelineHost.AdminKey);
        var csrf = CsrfOf(await DeskAsync("/api/admin/desk", admin));

        using var added = await PostTagAsync("T-1", admin, csrf, ("tag", "  Billing  "));
        Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);
        Assert.Equal($"/api/admin/desk#answer-{surveyIds["T-1"]}", added.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.SeeOther, (await PostTagAsync("T-1", admin, csrf, ("tag", "Outage"))).StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, (await PostTagAsync("T-1", admin, csrf, ("tag", "billing"))).StatusCode);
        using var replaced = await PutTagsAsync("T-2", """{"tags": ["billing", "Praise", "PRAISE"]}""");
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("""{"surveyId":"%","tags":["Billing","Praise"]}""".Replace("%", surveyIds["T-2"], StringComparison.Ordinal), await replaced.Content.ReadAsStringAsync());

        // A tag given again in another case takes its first spelling, on this answer and on others.
        // Without the CSRF token, or as a viewer, nothing changes.
        Assert.Equal(HttpStatusCode.Forbidden, (await PostTagAsync("T-3", admin, csrf: null, ("tag", "Sneaky"))).StatusCode);
        var viewer = await SignInAsync(ViewerKey);
        using var refused = await PostTagAsync("T-3", viewer, csrf, ("tag", "Sneaky"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);

        var feed = (await Host.AdminAsync(HttpMethod.Get, "/api/admin/ratings"))["items"]!.AsArray();
        Assert.Equal(
            [("T-1", "Billing;Outage"), ("T-2", "Billing;Praise"), ("T-3", "")],
            feed.Select(i => (i!["ticketId"]!.GetValue<string>(), string.Join(';', i["tags"]!.AsArray().Select(t => t!.GetValue<string>())))).OrderBy(i => i.Item1));

        var billing = (await Host.AdminAsync(HttpMethod.Get, "/api/admin/ratings?tag=BILLING"))["items"]!.AsArray();
        Assert.Equal(["T-1", "T-2"], billing.Select(i => i!["ticketId"]!.GetValue<string>()).Order());
        Assert.Equal("T-1", Assert.Single((await Host.AdminAsync(HttpMethod.Get, "/api/admin/ratings?tag=outage"))["items"]!.AsArray())!["ticketId"]!.GetValue<string>());

        var csv = await Host.AdminCsvAsync("/api/admin/ratings.csv?tag=praise");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",ticketUrl,reasons,tags,agentIsCustomer", lines[0]);
        Assert.EndsWith(",Billing;Praise,false", Assert.Single(lines[1..]));

        await Host.RefreshScoreAsync();
        var byTag = (await Host.AdminAsync(HttpMethod.Get, "/api/admin/reports"))["byTag"]!.AsObject();
        Assert.Equal(["Billing", "Outage", "Praise"], byTag.Select(w => w.Key).Order(StringComparer.Ordinal));
        Assert.Equal((2, 50), Counts(byTag["Billing"]!));
        Assert.Equal((1, 0), Counts(byTag["Outage"]!));
        Assert.Equal((1, 100), Counts(byTag["Praise"]!));

        // Removing a tag takes it off the answer and out of the next refresh's counts.
        Assert.Equal(HttpStatusCode.SeeOther, (await PostTagAsync("T-1", admin, csrf, ("remove", "OUTAGE"))).StatusCode);
        await Host.RefreshScoreAsync();
        Assert.False((await Host.AdminAsync(HttpMethod.Get, "/api/admin/reports"))["byTag"]!.AsObject().ContainsKey("Outage"));

        var desk = await DeskAsync("/api/admin/desk?tag=billing", admin);
        Assert.Contains("<h2>By tag</h2>", desk);
        Assert.Contains("<label>Tag <input name=\"tag\" list=\"tags-used\" value=\"billing\"></label>", desk);
        Assert.Contains("<datalist id=\"tags-used\"><option value=\"Billing\"><option value=\"Outage\"><option value=\"Praise\"></datalist>", desk);
        Assert.Contains($"<input type=\"hidden\" name=\"remove\" value=\"Billing\"><span class=\"tag\">Billing</span>", desk);
        Assert.Contains($"action=\"ratings/{surveyIds["T-1"]}/tags\"", desk);
        Assert.DoesNotContain($"<tr id=\"answer-{surveyIds["T-3"]}\"", desk);
        var viewerDesk = await DeskAsync("/api/admin/desk", viewer);
        Assert.Contains("<span class=\"tag\">Praise</span>", viewerDesk);
        Assert.DoesNotContain("name=\"remove\"", viewerDesk);
    }

    [Fact]
    public async Task Bad_tags_are_refused_with_the_field_named_and_nothing_changes()
    {
        await AnswerAsync(("B-1", null, "excellent"));
        await Host.SendTicketAsync(PipelineHost.Ticket("B-UNANSWERED", "b-unanswered@example.org"));
        var admin = await SignInAsync(PipelineHost.AdminKey);
        var csrf = CsrfOf(await DeskAsync("/api/admin/desk", admin));

        await AssertRefusedAsync(await PostTagAsync("B-1", admin, csrf, ("tag", "   ")), "tag");
        await AssertRefusedAsync(await PostTagAsync("B-1", admin, csrf, ("tag", new string('x', 51))), "tag");
        await AssertRefusedAsync(await PostTagAsync("B-1", admin, csrf, ("tag", "two\nlines")), "tag");
        await AssertRefusedAsync(await PostTagAsync("B-1", admin, csrf, ("remove", "\t")), "remove");
        await AssertRefusedAsync(await PostTagAsync("B-1", admin, csrf, ("tag", "billing;outage")), "tag");
        await AssertRefusedAsync(await PutTagsAsync("B-1", """{"tags": ["ok", "a;b"]}"""), "tags[1]");
        await AssertRefusedAsync(await PutTagsAsync("B-1", """{"tags": ["ok", 7]}"""), "tags[1]");
        await AssertRefusedAsync(await PutTagsAsync("B-1", """{"tags": "ok"}"""), "tags");
        var many = string.Join(',', Enumerable.Range(1, 21).Select(i => $"\"t{i}\""));
        await AssertRefusedAsync(await PutTagsAsync("B-1", $$"""{"tags": [{{many}}]}"""), "tags");

        // Twenty is the most an answer holds: a twenty-first is refused.
        Assert.Equal(HttpStatusCode.OK, (await PutTagsAsync("B-1", $$"""{"tags": [{{string.Join(',', Enumerable.Range(1, 20).Select(i => $"\"t{i}\""))}}]}""")).StatusCode);
        await AssertRefusedAsync(await PostTagAsync("B-1", admin, csrf, ("tag", "t21")), "tag");
        Assert.Equal(20, Assert.Single((await Host.AdminAsync(HttpMethod.Get, "/api/admin/ratings"))["items"]!.AsArray())!["tags"]!.AsArray().Count);

        Assert.Equal(HttpStatusCode.NotFound, (await PutTagsAsync("B-UNANSWERED", """{"tags": ["x"]}""", surveyId: await Host.Services.SurveyIdOfAsync("B-UNANSWERED"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PutTagsAsync("B-1", """{"tags": ["x"]}""", surveyId: "0123456789abcdef0123456789abcdef")).StatusCode);
    }

    [Fact]
    public async Task A_delivery_event_filing_a_copy_read_before_a_tag_was_added_does_not_take_the_tag_off_the_feed_or_the_report()
    {
        await AnswerAsync(("E-1", null, "unsatisfactory"));
        var surveyId = surveyIds["E-1"];
        var (reached, release) = held.Arm(surveyId);

        // SendGrid's event is applied to the survey as read now, without a tag; its filing waits while the answer is tagged.
        using var events = await Host.PostEventsAsync(SendGridEvents.Batch(SendGridEvents.Event("delivered", surveyId, "e-1@example.org", Host.Clock.GetUtcNow())));
        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        await reached.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, (await PutTagsAsync("E-1", """{"tags": ["Billing"]}""")).StatusCode);
        release.SetResult();
        await held.FiledAsync();
        await Host.WaitForEventsAppliedAsync();

        var item = Assert.Single((await Host.AdminAsync(HttpMethod.Get, "/api/admin/ratings"))["items"]!.AsArray())!;
        Assert.Equal(["Billing"], item["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        await Host.RefreshScoreAsync();
        var report = await Host.AdminAsync(HttpMethod.Get, "/api/admin/reports");
        Assert.Equal((1, 0), Counts(report["byTag"]!["Billing"]!));
    }

    [Fact]
    public async Task A_new_tag_given_at_once_in_several_cases_on_several_answers_is_kept_in_one_spelling()
    {
        var spellings = new[] { "refund", "Refund", "REFUND", "rEfUnD", "ReFund", "refunD" };
        await AnswerAsync([.. spellings.Select((_, i) => ($"S-{i}", (string?)null, "excellent"))]);

        var answers = await Task.WhenAll(spellings.Select((tag, i) => PutTagsAsync($"S-{i}", $$"""{"tags": ["{{tag}}"]}""")));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        var feed = (await Host.AdminAsync(HttpMethod.Get, "/api/admin/ratings"))["items"]!.AsArray();
        var kept = feed.Select(i => Assert.Single(i!["tags"]!.AsArray())!.GetValue<string>()).Distinct().ToList();
        Assert.Single(kept);
        await Host.RefreshScoreAsync();
        var byTag = (await Host.AdminAsync(HttpMethod.Get, "/api/admin/reports"))["byTag"]!.AsObject();
        Assert.Equal(kept, byTag.Select(w => w.Key));
        Assert.Equal(spellings.Length, byTag[kept[0]]!["rated"]!.GetValue<int>());
    }

    [Fact]
    public async Task Many_people_tagging_one_answer_at_once_lose_no_tag_and_the_report_counts_every_one()
    {
        await AnswerAsync(("C-1", null, "satisfactory"));
        var admin = await SignInAsync(PipelineHost.AdminKey);
        var csrf = CsrfOf(await DeskAsync("/api/admin/desk", admin));
        var tags = Enumerable.Range(1, 12).Select(i => $"Theme {i}").ToList();

        var answers = await Task.WhenAll(tags.Select(async tag => (await PostTagAsync("C-1", admin, csrf, ("tag", tag))).StatusCode));

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.SeeOther, status));
        var stored = Assert.Single((await Host.AdminAsync(HttpMethod.Get, "/api/admin/ratings"))["items"]!.AsArray())!["tags"]!.AsArray().Select(t => t!.GetValue<string>());
        Assert.Equal(tags.Order(), stored.Order());
        await Host.RefreshScoreAsync();
        var byTag = (await Host.AdminAsync(HttpMethod.Get, "/api/admin/reports"))["byTag"]!.AsObject();
        Assert.Equal(tags.Order(), byTag.Select(w => w.Key).Order());
        Assert.All(byTag, w => Assert.Equal(1, w.Value!["rated"]!.GetValue<int>()));
    }

    [Fact]
    public async Task The_desk_shows_the_company_on_answers_and_follow_ups_filters_by_it_and_links_each_company_to_its_report()
    {
        await AnswerAsync(("K-1", "Acme & Sons", "unsatisfactory"), ("K-2", "Globex", "excellent"));
        await Host.RefreshScoreAsync();
        var admin = await SignInAsync(PipelineHost.AdminKey);

        var desk = await DeskAsync("/api/admin/desk", admin);
        var acme = await DeskAsync("/api/admin/desk?company=globex", admin);

        Assert.Contains($"<tr id=\"answer-{surveyIds["K-1"]}\"><td class=\"text\">", desk);
        Assert.Contains("<td class=\"text\">Pat</td><td class=\"text\">Acme &amp; Sons</td><td class=\"text\">chat</td>", desk);
        Assert.Contains($"<tr id=\"followup-{surveyIds["K-1"]}\">", desk);
        Assert.Matches("followup-[0-9a-f]+\"><td class=\"text\">generic K-1</td><td class=\"text\">Pat</td><td class=\"text\">Acme &amp; Sons</td>", desk);
        Assert.Contains("<th scope=\"row\"><a href=\"companies/Acme%20%26%20Sons/report\">Acme &amp; Sons</a></th>", desk);
        Assert.Contains("<th scope=\"row\"><a href=\"companies/Globex/report\">Globex</a></th>", desk);
        Assert.Contains($"<tr id=\"answer-{surveyIds["K-2"]}\"", acme);
        Assert.DoesNotContain($"<tr id=\"answer-{surveyIds["K-1"]}\"", acme);
    }

    /// <summary>
    /// The steps' filings, passed on at once unless a test holds one survey's delivery filing: then
    /// it says when that filing is reached and waits for the test to release it.
    /// </summary>
    private sealed class HeldFiling
    {
        private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource filed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private string? surveyId;

        public (Task Reached, TaskCompletionSource Release) Arm(string id)
        {
            surveyId = id;
            return (reached.Task, release);
        }

        public Task FiledAsync() => filed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        public ICountsSurveys Wrapping(ICountsSurveys inner) => new Filing(this, inner);

        private sealed class Filing(HeldFiling held, ICountsSurveys inner) : ICountsSurveys
        {
            public async Task FileAsync(Survey survey, CancellationToken cancellationToken)
            {
                if (survey.Id != held.surveyId || survey.DeliveredAt is null)
                {
                    await inner.FileAsync(survey, cancellationToken);
                    return;
                }

                held.reached.TrySetResult();
                await held.release.Task;
                await inner.FileAsync(survey, cancellationToken);
                held.filed.TrySetResult();
            }
        }
    }

    private sealed class HoldingFilings(HeldFiling held) : IServiceProviderFactory<IServiceCollection>
    {
        public IServiceCollection CreateBuilder(IServiceCollection services) => services;

        public IServiceProvider CreateServiceProvider(IServiceCollection services) =>
            services.AddSingleton<ICountsSurveys>(provider => held.Wrapping(provider.GetRequiredService<CountedSurveys>())).BuildServiceProvider();
    }

    private static (int Rated, int? Satisfied) Counts(JsonNode window) =>
        (window["rated"]!.GetValue<int>(), window["satisfactionPercent"] is { } percent ? (int)percent.GetValue<double>() : null);

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string field)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.True(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsObject().ContainsKey(field), await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>Tickets through the webhook (agent Pat, by chat, resolved now), each rated through its link.</summary>
    private async Task AnswerAsync(params (string Ticket, string? Company, string Rating)[] tickets)
    {
        foreach (var (ticket, company, rating) in tickets)
        {
            var mail = await Host.SurveyEmailForAsync(SendGrid, PipelineHost.Ticket(ticket, $"{ticket.ToLowerInvariant()}@example.org", agent: "Pat", channel: "chat", resolvedAt: clock.GetUtcNow(), company: company));
            surveyIds[ticket] = SurveyMail.SurveyIdOf(mail);
            await Host.AnswerAsync(mail, rating);
        }
    }

    private async Task<string> SignInAsync(string key)
    {
        using var response = await Browser.PostAsync("/api/admin/session", new FormUrlEncodedContent([new("key", key)]));
        return response.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
    }

    private async Task<string> DeskAsync(string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        using var desk = await Browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, desk.StatusCode);
        return await desk.Content.ReadAsStringAsync();
    }

    private Task<HttpResponseMessage> PostTagAsync(string ticket, string cookie, string? csrf, (string Name, string Value) field)
    {
        var fields = new List<KeyValuePair<string, string>> { new(field.Name, field.Value) };
        if (csrf is not null)
        {
            fields.Add(new("csrf", csrf));
        }

        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/admin/ratings/{surveyIds[ticket]}/tags") { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Cookie", cookie);
        return Browser.SendAsync(request);
    }

    private Task<HttpResponseMessage> PutTagsAsync(string ticket, string json, string? surveyId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/admin/ratings/{surveyId ?? surveyIds[ticket]}/tags") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PipelineHost.AdminKey);
        return Browser.SendAsync(request);
    }

    private static string CsrfOf(string page)
    {
        const string marker = "name=\"csrf\" value=\"";
        var start = page.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        return page[start..page.IndexOf('"', start)];
    }
}
