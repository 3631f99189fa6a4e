using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Clients;

/// <summary>A client company's report at the desk and through its share link, over real HTTP: its figures, what the client sees, and when the link is refused.</summary>
public sealed class ClientReportTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    private const string ViewerKey = "viewer-key-0123456789abcdefghijklmnopq";

    private readonly MidMonthClock clock = new();

    private HttpClient Browser => field ??= new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Host.Http.BaseAddress };

    protected override TimeProvider Clock => clock;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Csat:ViewerKey"] = ViewerKey;
        settings["Csat:ShareLinkDays"] = "10";
    }

    [Fact]
    public async Task The_report_has_the_desks_figures_for_the_company_and_the_period_and_an_unknown_company_an_empty_report()
    {
        await ClientSeed.SeedAsync(Host, SendGrid);
        var day = Day(clock.GetUtcNow());

        var desk = await Host.AdminAsync(HttpMethod.Get, $"/api/admin/reports?from={day}&to={day}");
        var report = await ReportJsonAsync($"/api/admin/companies/{Uri.EscapeDataString(ClientSeed.Acme)}/report?from={day}&to={day}");
        var nobody = await ReportJsonAsync("/api/admin/companies/Initech%20%2F%20EU/report");

        Assert.True(JsonNode.DeepEquals(desk["byCompany"]![ClientSeed.Acme], report["total"]), $"{desk["byCompany"]![ClientSeed.Acme]} is not {report["total"]}");
        Assert.True(JsonNode.DeepEquals(desk["total"], report["allClients"]));
        Assert.Equal((3, 3, 66.7), (report["total"]!["surveyed"]!.GetValue<int>(), report["total"]!["rated"]!.GetValue<int>(), report["total"]!["satisfactionPercent"]!.GetValue<double>()));
        Assert.Equal(3, report["byAgent"]!.AsObject().Sum(agent => agent.Value!["rated"]!.GetValue<int>()));
        Assert.Equal(2, report["byAgent"]!["Pat Jones"]!["rated"]!.GetValue<int>());
        Assert.Equal(3, report["byMonth"]![day[..7]]!["rated"]!.GetValue<int>());
        Assert.Equal(["unsatisfactory", "excellent", "excellent"], report["answers"]!.AsArray().Select(a => a!["rating"]!.GetValue<string>()));
        Assert.Equal(ClientSeed.AcmeComment, report["answers"]![0]!["comment"]!.GetValue<string>());
        Assert.Equal(("open", "A-3"), (report["followUps"]![0]!["status"]!.GetValue<string>(), report["followUps"]![0]!["ticketId"]!.GetValue<string>()));
        Assert.DoesNotContain("@", report.ToJsonString());
        Assert.Equal(("Initech / EU", 0, 0), (nobody["company"]!.GetValue<string>(), nobody["total"]!["surveyed"]!.GetValue<int>(), nobody["answers"]!.AsArray().Count));
    }

    [Fact]
    public async Task A_share_link_shows_that_clients_report_only_with_agents_first_names_and_no_customer()
    {
        // Neighbours of "Acme Ltd" by case and prefix, and a ticket of no company, each with a remark of its own.
        (string Ticket, string? Company, string Comment)[] neighbours =
            [("N-1", "Acme", "Remark of plain Acme"), ("N-2", "acme ltd", "Remark of lowercase acme ltd"), ("N-3", null, "Remark of no company")];
        foreach (var (ticket, company, comment) in neighbours)
        {
            var ticketJson = PipelineHost.Ticket(ticket, $"{ticket.ToLowerInvariant()}@example.org", agent: "Pat Jones", resolvedAt: clock.GetUtcNow(), company: company);
            await Host.AnswerAsync(await Host.SurveyEmailForAsync(SendGrid, ticketJson), "unsatisfactory", comment);
        }

        await ClientSeed.SeedAsync(Host, SendGrid);
        var (_, url) = await ShareAsync(ClientSeed.Acme);

        using var response = await Browser.GetAsync(url);
        var page = await response.Content.ReadAsStringAsync();
        using var jsonResponse = await Browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Accept = { new("application/json") } } });
        var json = await jsonResponse.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl is { Private: true, NoStore: true });
        Assert.Equal("noindex", response.Headers.GetValues("X-Robots-Tag").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.StartsWith("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("<h1>Customer satisfaction: Acme Ltd</h1>", page);
        Assert.Contains(WebUtility.HtmlEncode(ClientSeed.AcmeComment), page);
        Assert.Contains("<th scope=\"row\">Pat</th>", page);
        Assert.DoesNotContain("<form", page);
        Assert.DoesNotContain("<script", page);
        var shown = page + json;
        Assert.Equal(3, JsonNode.Parse(json)!["answers"]!.AsArray().Count);
        foreach (var hidden in new[] { "Globex", ClientSeed.GlobexCustomer, "globex-buyer", ClientSeed.GlobexComment, "Jones", "Smith", "@example.org", "Alice Acme", "customerEmail", "customerName", "Remark of", "N-1", "N-2", "N-3" })
        {
            Assert.DoesNotContain(hidden, shown, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task The_client_sees_no_address_in_a_comment_none_of_the_teams_follow_up_notes_and_reasons_in_words()
    {
        const string address = "dave.private@home-mail.example";
        var mail = await Host.SurveyEmailForAsync(SendGrid, PipelineHost.Ticket("A-9", "dave@example.org", agent: "Dr. Jane Smith", resolvedAt: clock.GetUtcNow(), company: ClientSeed.Acme));
        using var answered = await Host.Http.PostAsync(SurveyMail.PostPathFor(mail), new FormUrlEncodedContent(
            [new("rating", "unsatisfactory"), new("comment", $"Write to me at {address} please"), new("reason", "slow-response")]));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        using var followedUp = await Host.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/admin/followups/{SurveyMail.SurveyIdOf(mail)}")
        {
            Headers = { Authorization = new("Bearer", PipelineHost.AdminKey) },
            Content = JsonContent.Create(new { status = "contacted", owner = "Dana Whitfield", note = $"Dave Private is unhappy; wrote to {address}" }),
        });
        Assert.Equal(HttpStatusCode.OK, followedUp.StatusCode);
        await Host.RefreshScoreAsync();
        var (_, url) = await ShareAsync(ClientSeed.Acme);

        var sharedPage = await (await Browser.GetAsync(url)).Content.ReadAsStringAsync();
        var sharedJson = JsonNode.Parse(await (await Browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Accept = { new("application/json") } } })).Content.ReadAsStringAsync())!;
        var deskPath = $"/api/admin/companies/{Uri.EscapeDataString(ClientSeed.Acme)}/report";
        var deskPage = await (await SendAsync(HttpMethod.Get, deskPath, await SignInAsync(PipelineHost.AdminKey))).Content.ReadAsStringAsync();
        var deskJson = await ReportJsonAsync(deskPath);
        var slowResponse = CsatFunctions.Languages.Languages.Builtin.For("en").Text("reason.slow-response");

        Assert.Contains("Write to me at (address) please", sharedPage);
        Assert.Equal("Write to me at (address) please", sharedJson["answers"]![0]!["comment"]!.GetValue<string>());
        Assert.Equal(("contacted", null, null), (sharedJson["followUps"]![0]!["status"]!.GetValue<string>(), sharedJson["followUps"]![0]!["owner"], sharedJson["followUps"]![0]!["note"]));
        foreach (var hidden in new[] { address, "home-mail", "Dave Private", "Dana", "Whitfield", "unhappy", "Smith" })
        {
            Assert.DoesNotContain(hidden, sharedPage + sharedJson.ToJsonString(), StringComparison.Ordinal);
        }

        Assert.Equal(("Dana Whitfield", $"Dave Private is unhappy; wrote to {address}"), (deskJson["followUps"]![0]!["owner"]!.GetValue<string>(), deskJson["followUps"]![0]!["note"]!.GetValue<string>()));
        Assert.Contains(WebUtility.HtmlEncode($"Dave Private is unhappy; wrote to {address}"), deskPage);
        Assert.Equal(1, sharedJson["byAgent"]!["Jane"]!["rated"]!.GetValue<int>());
        Assert.Equal(1, sharedJson["byReason"]!["slow-response"]!["rated"]!.GetValue<int>());
        foreach (var page in new[] { sharedPage, deskPage })
        {
            Assert.Contains($"<th scope=\"row\">{WebUtility.HtmlEncode(slowResponse)}</th>", page);
            Assert.Contains($"reasons: {WebUtility.HtmlEncode(slowResponse)}", page);
            Assert.DoesNotContain("slow-response", page);
        }
    }

    [Theory]
    [InlineData("A/B", "A%2FB")]
    [InlineData("50% off", "50%25 off")]
    public async Task Companies_whose_names_differ_by_an_escape_each_get_their_own_report_from_the_desks_link(string company, string lookalike)
    {
        foreach (var (ticket, name) in new[] { ("S-1", company), ("S-2", lookalike) })
        {
            var json = PipelineHost.Ticket(ticket, $"{ticket.ToLowerInvariant()}@example.org", agent: "Pat Jones", resolvedAt: clock.GetUtcNow(), company: name);
            await Host.AnswerAsync(await Host.SurveyEmailForAsync(SendGrid, json), "excellent", $"Comment of {name}");
        }

        await Host.RefreshScoreAsync();
        var desk = await (await SendAsync(HttpMethod.Get, "/api/admin/desk", await SignInAsync(PipelineHost.AdminKey))).Content.ReadAsStringAsync();

        foreach (var name in new[] { company, lookalike })
        {
            var link = $"\">{WebUtility.HtmlEncode(name)}</a>";
            var end = desk.IndexOf(link, StringComparison.Ordinal);
            Assert.True(end > 0, $"the desk has no link to {name}'s report");
            var href = WebUtility.HtmlDecode(desk[(desk.LastIndexOf("href=\"", end, StringComparison.Ordinal) + 6)..end]);
            var report = await ReportJsonAsync(new Uri(new Uri("http://desk/api/admin/desk"), href).PathAndQuery);
            Assert.Equal(name, report["company"]!.GetValue<string>());
            Assert.Equal([$"Comment of {name}"], report["answers"]!.AsArray().Select(a => a!["comment"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task A_share_link_is_refused_when_tampered_revoked_or_expired_and_only_an_admin_makes_or_revokes_one()
    {
        await ClientSeed.SeedAsync(Host, SendGrid);
        var (admin, viewer) = (await SignInAsync(PipelineHost.AdminKey), await SignInAsync(ViewerKey));
        var reportPath = $"/api/admin/companies/{Uri.EscapeDataString(ClientSeed.Acme)}/report";
        var reportPage = await (await SendAsync(HttpMethod.Get, reportPath, admin)).Content.ReadAsStringAsync();
        var csrf = CsrfOf(reportPage);
        Assert.Contains("<input type=\"number\" name=\"days\" min=\"1\" max=\"365\" value=\"10\" aria-label=\"Days\">", reportPage);

        using var withoutCsrf = await SendAsync(HttpMethod.Post, reportPath.Replace("/report", "/share-links"), admin, [new("days", "7")]);
        using var byViewer = await SendAsync(HttpMethod.Post, reportPath.Replace("/report", "/share-links"), viewer, [new("days", "7"), new("csrf", csrf)]);
        using var badDays = await SendAsync(HttpMethod.Post, reportPath.Replace("/report", "/share-links"), admin, [new("days", "366"), new("csrf", csrf)]);
        using var made = await SendAsync(HttpMethod.Post, reportPath.Replace("/report", "/share-links"), admin, [new("days", "7"), new("csrf", csrf)]);
        var madePage = await made.Content.ReadAsStringAsync();
        var url = madePage[(madePage.IndexOf("value=\"http", StringComparison.Ordinal) + 7)..];
        url = new Uri(WebUtility.HtmlDecode(url[..url.IndexOf('"')])).AbsolutePath;
        var (expiring, expiringUrl) = await ShareAsync(ClientSeed.Acme);

        Assert.Equal(HttpStatusCode.Forbidden, withoutCsrf.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byViewer.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badDays.StatusCode);
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Browser.GetAsync(url)).StatusCode);
        Assert.DoesNotContain("name=\"csrf\"", await (await SendAsync(HttpMethod.Get, reportPath, viewer)).Content.ReadAsStringAsync());

        var token = url[(url.LastIndexOf('/') + 1)..];
        var altered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        using var tampered = await Browser.GetAsync($"/api/reports/{altered}");
        Assert.Equal(HttpStatusCode.NotFound, tampered.StatusCode);
        Assert.Contains("This link does not work", await tampered.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await Browser.GetAsync("/api/reports/not-a-token")).StatusCode);

        var listed = await (await SendAsync(HttpMethod.Get, reportPath, admin)).Content.ReadAsStringAsync();
        var id = token.Split('.')[1];
        Assert.Contains($"action=\"/api/admin/share-links/{id}/revoke\"", listed);
        using var revoked = await SendAsync(HttpMethod.Post, $"/api/admin/share-links/{id}/revoke", admin, [new("csrf", csrf)]);
        Assert.Equal(HttpStatusCode.SeeOther, revoked.StatusCode);
        Assert.Equal($"{reportPath}#link-{id}", revoked.Headers.Location!.OriginalString);
        using var gone = await Browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Contains("This link has ended", await gone.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await Browser.GetAsync(expiringUrl)).StatusCode);

        Assert.Equal(clock.GetUtcNow().AddDays(10), expiring["expiresAt"]!.GetValue<DateTimeOffset>(), TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromDays(10) + TimeSpan.FromMinutes(1));
        using var expired = await Browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, expiringUrl) { Headers = { Accept = { new("application/json") } } });
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Equal("application/problem+json", expired.Content.Headers.ContentType!.MediaType);
        Assert.Equal(expiring["id"]!.GetValue<string>(), expiringUrl.Split('.')[1]);
    }

    /// <summary>Makes a share link with the admin key (the default lifetime, Csat__ShareLinkDays), as a script does: its JSON and address.</summary>
    private async Task<(JsonNode Link, string Url)> ShareAsync(string company)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/admin/companies/{Uri.EscapeDataString(company)}/share-links") { Content = JsonContent.Create(new { }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PipelineHost.AdminKey);
        using var response = await Host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var link = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (link, new Uri(link["url"]!.GetValue<string>()).AbsolutePath);
    }

    /// <summary>A report's JSON, asked for with the admin key as a script asks.</summary>
    private async Task<JsonNode> ReportJsonAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Accept = { new("application/json") } } };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PipelineHost.AdminKey);
        using var response = await Host.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!;
    }

    private async Task<string> SignInAsync(string key)
    {
        using var response = await Browser.PostAsync("/api/admin/session", new FormUrlEncodedContent([new("key", key)]));
        return response.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string cookie, KeyValuePair<string, string>[]? form = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = form is null ? null : new FormUrlEncodedContent(form) };
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
