using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Desk;

/// <summary>The support team's desk through the real HTTP pipeline: sign-in, reports, the feed, the CSV and follow-ups.</summary>
public sealed class DeskTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    private const string ViewerKey = "viewer-key-0123456789abcdefghijklmnopq";

    private readonly MidMonthClock clock = new();

    /// <summary>Like a browser, but showing each redirect and cookie to the test instead of following and keeping them.</summary>
    private HttpClient Browser => field ??= new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Host.Http.BaseAddress };

    protected override TimeProvider Clock => clock;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Csat:ViewerKey"] = ViewerKey;
        settings["Csat:TicketUrlTemplate"] = "https://acme.example/tickets/{ticketId}";
    }

    [Fact]
    public async Task A_person_signs_in_for_a_limited_time_a_viewer_changes_nothing_and_a_change_needs_the_csrf_token()
    {
        using var anonymous = await Browser.GetAsync("/api/admin/desk");
        var form = await anonymous.Content.ReadAsStringAsync();
        Assert.Contains("name=\"key\"", form);
        Assert.DoesNotContain("Follow-ups", form);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Browser.GetAsync("/api/admin/reports")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync("wrong-key")).Response.StatusCode);

        var (signedIn, cookie) = await SignInAsync(PipelineHost.AdminKey);
        Assert.True(signedIn.StatusCode == HttpStatusCode.SeeOther, await signedIn.Content.ReadAsStringAsync());
        Assert.Equal("/api/admin/desk", signedIn.Headers.Location!.OriginalString);
        var setCookie = signedIn.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);

        using var desk = await GetAsync("/api/admin/desk", cookie);
        var page = await desk.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, desk.StatusCode);
        Assert.Contains("Signed in with the admin key", page);
        Assert.Equal("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'", desk.Headers.GetValues("Content-Security-Policy").Single());

        // A change with the cookie and no CSRF token is refused; with the page's token it goes through.
        var followUp = await OpenFollowUpAsync("T-BAD");
        Assert.Equal(HttpStatusCode.Forbidden, (await PostFollowUpAsync(followUp, cookie, csrf: null)).StatusCode);
        var csrf = CsrfOf(await (await GetAsync("/api/admin/desk", cookie)).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.SeeOther, (await PostFollowUpAsync(followUp, cookie, csrf)).StatusCode);

        // A viewer reads everything and changes nothing, token or not.
        var (_, viewer) = await SignInAsync(ViewerKey);
        using var viewed = await GetAsync("/api/admin/desk", viewer);
        var viewerPage = await viewed.Content.ReadAsStringAsync();
        Assert.Contains("Signed in read-only", viewerPage);
        Assert.DoesNotContain("name=\"csrf\"", viewerPage);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/api/admin/reports", viewer)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostFollowUpAsync(followUp, viewer, csrf)).StatusCode);

        // Tampered and expired sessions are not sessions.
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/api/admin/reports", cookie.Replace("Admin.", "Admin.1", StringComparison.Ordinal))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/api/admin/reports", viewer.Replace("Viewer.", "Admin.", StringComparison.Ordinal))).StatusCode);
        clock.Advance(TimeSpan.FromHours(8) + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/api/admin/reports", cookie)).StatusCode);
    }

    [Fact]
    public async Task A_viewer_cannot_read_what_is_held_about_one_customer_an_admin_can()
    {
        await AnswerAsync(("E-1", "ann", "phone", clock.GetUtcNow(), "excellent"));
        var (_, viewer) = await SignInAsync(ViewerKey);
        var (_, admin) = await SignInAsync(PipelineHost.AdminKey);

        using var refused = await GetAsync("/api/admin/customers/e-1@example.org", viewer);
        using var shown = await GetAsync("/api/admin/customers/e-1@example.org", admin);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.DoesNotContain("e-1@example.org", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Contains("e-1@example.org", await shown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/api/admin/ratings", viewer)).StatusCode);
    }

    [Fact]
    public async Task Sign_in_attempts_from_one_client_are_limited()
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync($"guess-{attempt}")).Response.StatusCode);
        }

        var (limited, cookie) = await SignInAsync(PipelineHost.AdminKey);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Equal("", cookie);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_on_the_server_so_a_copied_cookie_is_refused_and_the_next_sign_in_works()
    {
        var (_, copied) = await SignInAsync(PipelineHost.AdminKey);
        var (_, viewer) = await SignInAsync(ViewerKey);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/api/admin/reports", copied)).StatusCode);

        using var signOut = new HttpRequestMessage(HttpMethod.Post, "/api/admin/session") { Content = new FormUrlEncodedContent([new("signOut", "1")]) };
        signOut.Headers.Add("Cookie", copied);
        Assert.Equal(HttpStatusCode.SeeOther, (await Browser.SendAsync(signOut)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/api/admin/reports", copied)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/api/admin/reports", viewer)).StatusCode);
        var (_, again) = await SignInAsync(PipelineHost.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/api/admin/reports", again)).StatusCode);
    }

    [Fact]
    public async Task A_session_ends_when_its_roles_key_is_rotated_and_survives_a_restart_with_the_same_keys()
    {
        var (_, admin) = await SignInAsync(PipelineHost.AdminKey);
        var (_, viewer) = await SignInAsync(ViewerKey);
        void SameStorage(Dictionary<string, string?> settings)
        {
            Configure(settings);
            settings["Csat:StoragePrefix"] = Host.Storage.Options.Prefix;
        }

        await using (var restarted = await PipelineHost.StartAsync(Azurite.ConnectionString, SendGrid, SameStorage, clock: clock))
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(restarted, "/api/admin/reports", admin)).StatusCode);
        }

        await using var rotated = await PipelineHost.StartAsync(Azurite.ConnectionString, SendGrid, settings =>
        {
            SameStorage(settings);
            settings["Csat:AdminKey"] = "rotated-admin-key-0123456789abcdefghijkl";
        }, clock: clock);

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(rotated, "/api/admin/reports", admin)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(rotated, "/api/admin/reports", viewer)).StatusCode);
    }

    [Fact]
    public async Task The_report_agrees_with_the_public_document_its_breakdowns_add_up_and_the_previous_period_is_the_days_before()
    {
        var now = clock.GetUtcNow();
        await AnswerAsync(("R-1", "ann", "phone", now.AddHours(-1), "excellent"), ("R-2", "ann", "email", now.AddDays(-3), "unsatisfactory"), ("R-3", null, null, now.AddDays(-5), "satisfactory"), ("R-4", "bob", "phone", now.AddDays(-6), null), ("R-OLD", "bob", "phone", now.AddDays(-40), "excellent"));
        var score = await Host.RefreshScoreAsync();

        var report = await Host.AdminAsync(HttpMethod.Get, "/api/admin/reports");

        Assert.True(JsonNode.DeepEquals(score["windows"]!["last30Days"], report["total"]), $"{score["windows"]!["last30Days"]} != {report["total"]}");
        Assert.Equal(1, report["previous"]!["rated"]!.GetValue<int>());
        foreach (var breakdown in new[] { "byAgent", "byChannel", "bySource", "byCompany" })
        {
            var windows = report[breakdown]!.AsObject().Select(w => w.Value!).ToList();
            Assert.Equal((4, 3), (windows.Sum(w => w["surveyed"]!.GetValue<int>()), windows.Sum(w => w["rated"]!.GetValue<int>())));
        }

        Assert.Equal(["", "ann", "bob"], report["byAgent"]!.AsObject().Select(w => w.Key));
        Assert.Equal(1, report["followUps"]!["open"]!.GetValue<int>());
        var week = await Host.AdminAsync(HttpMethod.Get, $"/api/admin/reports?from={Day(now.AddDays(-6))}&to={Day(now)}");
        Assert.True(JsonNode.DeepEquals(score["windows"]!["last7Days"], week["total"]));
    }

    [Fact]
    public async Task Every_answer_comes_once_across_pages_newest_first_and_the_csv_has_one_safe_row_per_answer()
    {
        var now = clock.GetUtcNow();
        await AnswerAsync(Enumerable.Range(0, 7).Select(i => ($"P-{i}", (string?)"ann", (string?)"chat", now.AddDays(-i), (string?)"excellent")).ToArray());
        await RateAsync("P-3", "unsatisfactory", "=HYPERLINK(\"http://evil\")");
        await RateAsync("P-4", "satisfactory", "Slow, but \"fine\".\nThanks");

        var seen = new List<JsonNode>();
        string? token = null;
        do
        {
            var page = await Host.AdminAsync(HttpMethod.Get, "/api/admin/ratings?limit=3" + (token is null ? "" : $"&continuationToken={token}"));
            seen.AddRange(page["items"]!.AsArray().Select(i => i!));
            token = page["continuationToken"]?.GetValue<string>();
        }
        while (token is not null);

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"P-{i}"), seen.Select(i => i["ticketId"]!.GetValue<string>()));
        Assert.Equal("https://acme.example/tickets/P-0", seen[0]["ticketUrl"]!.GetValue<string>());
        Assert.Equal("open", seen[3]["followUp"]!.GetValue<string>());
        var filtered = await Host.AdminAsync(HttpMethod.Get, "/api/admin/ratings?rating=unsatisfactory&withComment=true");
        Assert.Equal("P-3", Assert.Single(filtered["items"]!.AsArray())!["ticketId"]!.GetValue<string>());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/ratings.csv");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PipelineHost.AdminKey);
        using var csv = await Host.Http.SendAsync(request);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("surveyId,ticketId,source,agent,company,channel,touchpoint,resolvedAt,ratedAt,rating,score,comment,publish,customerEmail,customerName,followUp,ticketUrl,reasons,tags,agentIsCustomer\r\n", text);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil\"\")\",", text);
        Assert.Contains(",\"Slow, but \"\"fine\"\".\nThanks\",", text);
        Assert.Equal(8, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task A_bottom_answer_opens_a_follow_up_the_team_moves_it_along_and_a_better_answer_marks_it_recovered()
    {
        var surveyId = await OpenFollowUpAsync("F-1");
        var open = Assert.Single((await Host.AdminAsync(HttpMethod.Get, "/api/admin/followups?status=open"))["items"]!.AsArray())!;
        Assert.Equal(("F-1", "unsatisfactory"), (open["ticketId"]!.GetValue<string>(), open["rating"]!.GetValue<string>()));

        using var update = new HttpRequestMessage(HttpMethod.Post, $"/api/admin/followups/{surveyId}")
        {
            Content = new FormUrlEncodedContent([new("status", "contacted"), new("owner", "Dana"), new("note", "Called; refund offered.")]),
        };
        update.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PipelineHost.AdminKey);
        update.Headers.Accept.ParseAdd("application/json");
        using var updated = await Host.Http.SendAsync(update);
        var changed = JsonNode.Parse(await updated.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(("contacted", "Dana"), (changed["status"]!.GetValue<string>(), changed["owner"]!.GetValue<string>()));
        Assert.NotNull(changed["firstContactAt"]!.GetValue<DateTimeOffset?>());

        await RateAsync("F-1", "excellent", null);
        var recovered = Assert.Single((await Host.AdminAsync(HttpMethod.Get, "/api/admin/followups"))["items"]!.AsArray())!;
        Assert.Equal("recovered", recovered["status"]!.GetValue<string>());
        await Host.RefreshScoreAsync();
        Assert.Equal(1, (await Host.AdminAsync(HttpMethod.Get, "/api/admin/reports"))["followUps"]!["recovered"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_script_moves_a_follow_up_along_with_a_json_body_and_gets_json_back()
    {
        var surveyId = await OpenFollowUpAsync("J-1");

        using var malformed = await PostJsonAsync($"/api/admin/followups/{surveyId}", """{"status": "contacted", """);
        using var updated = await PostJsonAsync($"/api/admin/followups/{surveyId}", """{"status": "contacted", "owner": "Dana", "note": "Called; refund offered."}""");
        var changed = JsonNode.Parse(await updated.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(("contacted", "Dana", "Called; refund offered."), (changed["status"]!.GetValue<string>(), changed["owner"]!.GetValue<string>(), changed["note"]!.GetValue<string>()));
        var listed = Assert.Single((await Host.AdminAsync(HttpMethod.Get, "/api/admin/followups?status=contacted"))["items"]!.AsArray())!;
        Assert.Equal("Dana", listed["owner"]!.GetValue<string>());
    }

    [Fact]
    public async Task What_a_customer_wrote_shows_on_the_desk_as_text_never_as_markup()
    {
        const string Hostile = "<img src=x onerror=alert(1)>\"'&";
        Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(PipelineHost.Ticket("X-1", "x-1@example.org", name: Hostile))).StatusCode);
        mails["x-1@example.org"] = Assert.Single(await SendGrid.WaitForAsync(1));
        await RateAsync("X-1", "satisfactory", Hostile);
        var (_, admin) = await SignInAsync(PipelineHost.AdminKey);

        using var desk = await GetAsync("/api/admin/desk", admin);
        var page = await desk.Content.ReadAsStringAsync();

        // Once as the comment, once as the customer's name.
        const string Encoded = "<td class=\"text\">&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;</td>";
        Assert.Equal(2, page.Split(Encoded).Length - 1);
        Assert.DoesNotContain("<img", page);
    }

    private async Task<HttpResponseMessage> PostJsonAsync(string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PipelineHost.AdminKey);
        return await Host.Http.SendAsync(request);
    }

    private readonly Dictionary<string, ReceivedMail> mails = [];

    /// <summary>Tickets through the webhook, each rated (or not) through its link.</summary>
    private async Task AnswerAsync(params (string Ticket, string? Agent, string? Channel, DateTimeOffset ResolvedAt, string? Rating)[] tickets)
    {
        foreach (var (ticket, agent, channel, resolvedAt, _) in tickets)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(PipelineHost.Ticket(ticket, $"{ticket.ToLowerInvariant()}@example.org", agent: agent, channel: channel, resolvedAt: resolvedAt))).StatusCode);
        }

        foreach (var mail in await SendGrid.WaitForAsync(mails.Count + tickets.Length))
        {
            mails[SurveyMail.ToAddressOf(mail)] = mail;
        }

        foreach (var (ticket, _, _, _, rating) in tickets.Where(t => t.Rating is not null))
        {
            await RateAsync(ticket, rating!, null);
        }
    }

    private async Task RateAsync(string ticket, string rating, string? comment)
    {
        using var response = await Host.Http.PostAsync(
            SurveyMail.PostPathFor(mails[$"{ticket.ToLowerInvariant()}@example.org"]),
            new FormUrlEncodedContent(comment is null ? [new("rating", rating)] : [new("rating", rating), new("comment", comment)]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<string> OpenFollowUpAsync(string ticket)
    {
        await AnswerAsync((ticket, "ann", "phone", clock.GetUtcNow(), "unsatisfactory"));
        return SurveyMail.SurveyIdOf(mails[$"{ticket.ToLowerInvariant()}@example.org"]);
    }

    private async Task<(HttpResponseMessage Response, string Cookie)> SignInAsync(string key)
    {
        var response = await Browser.PostAsync("/api/admin/session", new FormUrlEncodedContent([new("key", key)]));
        var cookie = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Single().Split(';')[0] : "";
        return (response, cookie);
    }

    private Task<HttpResponseMessage> GetAsync(string path, string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return Browser.SendAsync(request);
    }

    /// <summary>The same browser, at another host on the same storage.</summary>
    private static async Task<HttpResponseMessage> GetAsync(PipelineHost host, string path, string cookie)
    {
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = host.Http.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await browser.SendAsync(request);
    }

    private Task<HttpResponseMessage> PostFollowUpAsync(string surveyId, string cookie, string? csrf)
    {
        var fields = new List<KeyValuePair<string, string>> { new("status", "contacted"), new("owner", "Dana"), new("note", "Called.") };
        if (csrf is not null)
        {
            fields.Add(new("csrf", csrf));
        }

        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/admin/followups/{surveyId}") { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Cookie", cookie);
        return Browser.SendAsync(request);
    }

    private static string CsrfOf(string page)
    {
        const string marker = "name=\"csrf\" value=\"";
        var start = page.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        return page[start..page.IndexOf('"', start)];
    }

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
