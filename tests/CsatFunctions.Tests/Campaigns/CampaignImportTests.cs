using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Campaigns;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Campaigns;

/// <summary>Importing a campaign's customers: CSV as spreadsheets write it, JSON, upserts, and every line left out named.</summary>
public sealed class CampaignImportTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Put, "/api/admin/campaigns/autumn", Json("""{"everyDays": 90, "perDay": 200, "sendDays": "Mon-Fri", "sendHours": "09-17", "timeZone": "Europe/London"}"""))).StatusCode);
    }

    [Fact]
    public async Task A_spreadsheets_csv_with_a_bom_crlf_quotes_and_broken_lines_imports_what_it_can_and_names_the_rest()
    {
        var csv = "\uFEFFname,Email,locale,phone\r\n" +
            "\"Davis, Ann\",ann@example.org,de-DE,123\r\n" +
            "\"Bob \"\"the builder\"\" Stone\",bob@example.org,,\r\n" +
            "\"Carol\r\nSmith\",carol@example.org,fr\r\n" +
            "Dan,not-an-address,en\r\n" +
            "Ann again,ANN@example.org,en,\r\n" +
            "Eve,eve@example.org\r\n" +
            "\r\n" +
            "Frank,frank@example.org,en,1,extra\r\n";

        var answer = await Import(csv, "text/csv");

        Assert.Equal(4, answer["imported"]!.GetValue<int>());
        var rejected = answer["rejected"]!.AsArray().Select(r => (r!["line"]!.GetValue<int>(), r["reason"]!.GetValue<string>())).ToList();
        Assert.Equal(
            [
                (1, "unknown column \"phone\", left out; the columns are email, name and locale"),
                (6, "bad email: not a single address such as ann@example.org"),
                (7, "duplicate of line 2"),
                (10, "5 fields where the header has 4 (an unquoted comma?)"),
            ],
            rejected);
        var held = await Host.AdminAsync(HttpMethod.Get, "/api/admin/customers/bob@example.org");
        Assert.Equal(["autumn"], held["campaigns"]!.AsArray().Select(c => c!.GetValue<string>()));
        var report = await Host.AdminAsync(HttpMethod.Get, "/api/admin/campaigns/autumn");
        Assert.Equal(4, report["customers"]!.GetValue<int>());
    }

    [Fact]
    public async Task Importing_again_updates_names_and_removes_nobody_unless_asked()
    {
        await Import("""[{"email": "ann@example.org", "name": "Ann"}, {"email": "bob@example.org"}]""", "application/json");
        var again = await Import("email,name\nann@example.org,Ann Davis\ncarol@example.org,Carol\n", "text/csv");
        Assert.Equal(2, again["imported"]!.GetValue<int>());
        Assert.Equal(3, (await Host.AdminAsync(HttpMethod.Get, "/api/admin/campaigns/autumn"))["customers"]!.GetValue<int>());

        var replaced = await Import("email\nann@example.org\n", "text/csv", "?remove=missing");

        Assert.Equal(2, replaced["removed"]!.GetValue<int>());
        Assert.Equal(1, (await Host.AdminAsync(HttpMethod.Get, "/api/admin/campaigns/autumn"))["customers"]!.GetValue<int>());
    }

    [Fact]
    public async Task Once_everyone_due_is_asked_the_drip_rests_until_an_import_brings_someone_new()
    {
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Put, "/api/admin/campaigns/always", Json("""{"everyDays": 90, "perDay": 100000, "sendDays": "Sun-Sat", "sendHours": "00-24", "timeZone": "UTC"}"""))).StatusCode);
        await Import("email\nann@example.org\nbob@example.org\ncarol@example.org\n", "text/csv", campaign: "always");
        Assert.Equal(3, await Run("always"));
        Assert.Equal(0, await Run("always"));
        Assert.True((await Host.Services.GetRequiredService<CampaignTable>().GetAsync("always", CancellationToken.None))!.QuietUntil > Host.Clock.GetUtcNow(), "The drip does not rest.");

        await Import("email\ndave@example.org\n", "text/csv", campaign: "always");

        Assert.Equal(1, await Run("always"));
        Assert.Equal(0, await Run("always"));
        Assert.Equal(4, (await SendGrid.WaitForAsync(4)).Count);
    }

    // A volume drill: half a minute here, three times that under the calendar lanes' libfaketime.
    [Fact]
    [Drill]
    public async Task Fifty_thousand_customers_import_in_one_request()
    {
        var csv = new StringBuilder("email,name,locale\n");
        for (var i = 0; i < 50_000; i++)
        {
            csv.Append("customer").Append(i).Append("@example.org,Customer ").Append(i).Append(",nl\n");
        }

        var answer = await Import(csv.ToString(), "text/csv");

        Assert.Equal(50_000, answer["imported"]!.GetValue<int>());
        Assert.Empty(answer["rejected"]!.AsArray());
        Assert.Equal(50_000, await Host.Services.GetRequiredService<CampaignCustomers>().CountAsync("autumn", CancellationToken.None));
    }

    [Fact]
    public async Task A_body_that_cannot_be_an_import_is_refused_and_an_unknown_campaign_is_not_found()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(HttpMethod.Put, "/api/admin/campaigns/autumn/customers", new StringContent("name,locale\nAnn,en\n", Encoding.UTF8, "text/csv"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(HttpMethod.Put, "/api/admin/campaigns/autumn/customers", new StringContent("{\"email\": 1}", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(HttpMethod.Put, "/api/admin/campaigns/autumn/customers", new ByteArrayContent([0x65, 0x6D, 0x61, 0x69, 0x6C, 0x0A, 0xFF, 0xFE, 0x0A]) { Headers = { ContentType = new("text/csv") } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Put, "/api/admin/campaigns/winter/customers", new StringContent("email\nann@example.org\n", Encoding.UTF8, "text/csv"))).StatusCode);
        var invalid = await Send(HttpMethod.Put, "/api/admin/campaigns/winter", Json("""{"everyDays": 3, "perDay": 0, "sendDays": "Someday", "sendHours": "18-09", "timeZone": "Mars/Olympus"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = JsonNode.Parse(await invalid.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.Equal(["everyDays", "perDay", "sendDays", "sendHours", "timeZone"], errors.Select(e => e.Key).Order());
    }

    [Theory]
    [InlineData("Bad%20Name")]
    [InlineData("spring%2Fnps")]
    [InlineData("spring%23nps")]
    [InlineData("spring%3Fnps")]
    [InlineData("spring%5Cnps")]
    [InlineData("spring%01nps")]
    [InlineData("spring%0A")]
    [InlineData("a12345678901234567890123456789012345678901")]
    public async Task A_name_no_campaign_can_have_is_refused_on_every_campaign_route_naming_the_name(string name)
    {
        var calls = new (HttpMethod Method, string Path, HttpContent Body)[]
        {
            (HttpMethod.Put, $"/api/admin/campaigns/{name}", Json("""{"everyDays": 90, "perDay": 200}""")),
            (HttpMethod.Get, $"/api/admin/campaigns/{name}", new StringContent("")),
            (HttpMethod.Put, $"/api/admin/campaigns/{name}/customers", new StringContent("email\nann@example.org\n", Encoding.UTF8, "text/csv")),
            (HttpMethod.Post, $"/api/admin/campaigns/{name}/run", new StringContent("")),
        };

        foreach (var (method, path, body) in calls)
        {
            using var answer = await Send(method, path, body);
            var text = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.StatusCode == HttpStatusCode.BadRequest, $"{method} {path} answered {(int)answer.StatusCode}: {text}");
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType!.MediaType);
            Assert.Equal(["name"], JsonNode.Parse(text)!["errors"]!.AsObject().Select(e => e.Key));
        }

        Assert.Equal(["autumn"], (await Host.Services.GetRequiredService<CampaignTable>().ListAsync(CancellationToken.None)).Select(c => c.Name));
    }

    private async Task<int> Run(string campaign)
    {
        using var response = await Send(HttpMethod.Post, $"/api/admin/campaigns/{campaign}/run", new StringContent(""));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["asked"]!.GetValue<int>();
    }

    private async Task<JsonNode> Import(string body, string contentType, string query = "", string campaign = "autumn")
    {
        using var response = await Send(HttpMethod.Put, $"/api/admin/campaigns/{campaign}/customers" + query, new StringContent(body, new UTF8Encoding(false), contentType));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private Task<HttpResponseMessage> Send(HttpMethod method, string path, HttpContent content)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new("Bearer", PipelineHost.AdminKey);
        return Host.Http.SendAsync(request);
    }
}
