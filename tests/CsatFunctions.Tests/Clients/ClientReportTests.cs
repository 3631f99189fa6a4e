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
        await ClientSeed.SeedAsync(Host, SendGrid);
        var (_, url) = await ShareAsync(ClientSeed.Acme);

        using var response = await Browser.GetAsync(url);
        var page = await response.Content.ReadAsStringAsync();
        var json = await Browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Accept = { new("application/json") } } });

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
        var shown = page + await json.Content.ReadAsStringAsync();
        foreach (var hidden in new[] { "Globex", ClientSeed.GlobexCustomer, "globex-buyer", ClientSeed.GlobexComment, "Jones", "Smith", "@example.org", "Alice Acme", "customerEmail", "customerName" })
        {
            Assert.DoesNotContain(hidden, shown, StringComparison.OrdinalIgnoreCase);
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
