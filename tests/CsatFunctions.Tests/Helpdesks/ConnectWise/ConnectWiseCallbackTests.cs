using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Helpdesks;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Helpdesks.ConnectWise;

/// <summary>ConnectWise PSA ticket callbacks: who is surveyed, who is not, and which callbacks are refused.</summary>
public sealed class ConnectWiseCallbackTests(AzuriteFixture azurite) : ConnectWiseTest(azurite)
{
    [Fact]
    public async Task A_closed_ticket_is_read_from_the_api_and_surveyed_once_however_often_it_is_called_back()
    {
        using var response = await PostCallback(Callback("connectwise-callback-closed.json"));
        using var again = await PostCallback(Callback("connectwise-callback-closed.json"));

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (response.StatusCode, again.StatusCode));
        Assert.Equal("ann@example.org", SurveyMail.ToAddressOf(Assert.Single(await SendGrid.WaitForAsync(1))));
        await WaitForLookupsAsync();
        Assert.Single(SendGrid.Received);
        var survey = await Stored("connectwise", "1042");
        Assert.Equal(("Ann Example", "Email not syncing on phone", "Patrick Agent", "Email Connector"), (survey!.CustomerName, survey.Subject, survey.Agent, survey.Channel));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 15, 42, 10, TimeSpan.Zero), survey.ResolvedAt);

        // Two callbacks, one key fetch; each a ticket read with the API member's keys and the clientId.
        Assert.Equal((1, 2, 0), (Api.Count("GET /callback-keys/"), TicketReads(), Api.Count($"GET {ApiPath}/company/contacts/")));
        var read = Api.RequestHeaders.ElementAt(1);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{CompanyId}+{PublicKey}:{PrivateKey}")), read.Authorization.ToString());
        Assert.Equal(ClientId, read["clientId"].ToString());
        Assert.Empty(Api.RequestHeaders.First().Authorization.ToString());
    }

    [Fact]
    public async Task A_key_served_as_not_to_be_stored_is_fetched_for_every_callback()
    {
        KeyCacheControl = "no-store";

        using var first = await PostCallback(Callback("connectwise-callback-open.json"));
        using var second = await PostCallback(Callback("connectwise-callback-open.json"));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal(2, Api.Count("GET /callback-keys/"));
    }

    [Fact]
    public async Task A_callback_whose_ticket_is_open_is_ignored_without_calling_the_api_and_a_deleted_one_likewise()
    {
        using var open = await PostCallback(Callback("connectwise-callback-open.json"));
        var deletedBody = JsonNode.Parse(Callback("connectwise-callback-closed.json"))!;
        deletedBody["Action"] = "deleted";
        using var deleted = await PostCallback(deletedBody.ToJsonString());
        var companyBody = JsonNode.Parse(Callback("connectwise-callback-closed.json"))!;
        companyBody["Type"] = "company";
        using var company = await PostCallback(companyBody.ToJsonString());

        foreach (var response in new[] { open, deleted, company })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("ignored", (await Json(response))["status"]!.GetValue<string>());
        }

        Assert.Equal(0, TicketReads());
        Assert.Null(await Stored("connectwise", "1042"));
    }

    [Fact]
    public async Task A_ticket_closed_reopened_and_closed_again_is_surveyed_once()
    {
        using var closed = await PostCallback(Callback("connectwise-callback-closed.json"));
        await SendGrid.WaitForAsync(1);
        using var reopened = await PostCallback(Callback("connectwise-callback-open.json"));
        using var closedAgain = await PostCallback(Callback("connectwise-callback-closed.json"));
        await Eventually.TrueAsync(() => Task.FromResult(TicketReads() == 2), "the second closing to be read");
        await WaitForLookupsAsync();

        Assert.Equal(("ignored", HttpStatusCode.Accepted), ((await Json(reopened))["status"]!.GetValue<string>(), closedAgain.StatusCode));
        Assert.Single(SendGrid.Received);
    }

    [Fact]
    public async Task A_callback_the_api_shows_open_again_by_the_time_it_is_read_is_not_surveyed()
    {
        Ticket("1042", ticket => (ticket["closedFlag"], ticket["status"]) = (false, new JsonObject { ["id"] = 12, ["name"] = "In Progress" }));

        using var response = await PostCallback(Callback("connectwise-callback-closed.json"));
        await Eventually.TrueAsync(() => Task.FromResult(TicketReads() == 1), "the ticket to be read");
        await WaitForLookupsAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Null(await Stored("connectwise", "1042"));
    }

    [Fact]
    public async Task Forged_unsigned_elsewhere_keyed_and_another_companys_callbacks_are_refused_and_no_other_host_is_ever_asked_for_a_key()
    {
        // Signed with a real key of the same site, as any ConnectWise company's own callback would be.
        using var otherCompany = await PostCallback(Callback("connectwise-callback-closed.json").Replace("\"CompanyId\":\"acme\"", "\"CompanyId\":\"rival\"", StringComparison.Ordinal));
        using var forged = await PostCallback(Callback("connectwise-callback-closed.json"), signingKey: "not-connectwises-key");
        using var unsigned = await Post("connectwise", Callback("connectwise-callback-closed.json"));
        var elsewhereKey = new Uri(Elsewhere.BaseUrl, "/callback-keys/any");
        using var elsewhere = await PostCallback(Callback("connectwise-callback-closed.json", keyUrl: elsewhereKey));
        using var unknownKey = await PostCallback(Callback("connectwise-callback-closed.json", keyUrl: new Uri(Api.BaseUrl, "/callback-keys/unknown")));

        Assert.All(new[] { otherCompany, forged, unsigned, elsewhere, unknownKey }, response => Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode));
        Assert.Contains("not at the configured ConnectWise site", await elsewhere.Content.ReadAsStringAsync());
        Assert.Contains("another ConnectWise company", await otherCompany.Content.ReadAsStringAsync());
        Assert.Empty(Elsewhere.Requests);
        Assert.Equal(0, TicketReads());
        Assert.Null(await Stored("connectwise", "1042"));
    }

    [Fact]
    public async Task A_ticket_without_an_email_is_read_from_its_contact_and_a_contact_without_one_is_counted_not_surveyed()
    {
        Ticket("1043", ticket => (ticket["contactEmailAddress"], ticket["contactName"], ticket["contact"]) = (null, "Bob Example", new JsonObject { ["id"] = 313, ["name"] = "Bob Example" }));
        Ticket("1044", ticket => (ticket["contactEmailAddress"], ticket["contact"]) = (null, new JsonObject { ["id"] = 314, ["name"] = "Cy Phone-Only" }));
        Contacts["314"] = new JsonObject { ["id"] = 314, ["firstName"] = "Cy", ["communicationItems"] = new JsonArray(new JsonObject { ["id"] = 950, ["value"] = "5555550100", ["defaultFlag"] = true, ["communicationType"] = "Phone" }) };

        using var withContactEmail = await PostCallback(Callback("connectwise-callback-closed.json", "1043"));
        using var withoutEmail = await PostCallback(Callback("connectwise-callback-closed.json", "1044"));

        Assert.Equal("bob@example.org", SurveyMail.ToAddressOf(Assert.Single(await SendGrid.WaitForAsync(1))));
        await Eventually.TrueAsync(async () => await Stored("connectwise", "1044") is not null, "ticket 1044 to be counted");
        await WaitForLookupsAsync();
        var notSurveyed = await Stored("connectwise", "1044");
        Assert.Equal((EmailState.Skipped, SkipReasons.NoEmail), (notSurveyed!.Email, notSurveyed.SkipReason));
        Assert.Single(SendGrid.Received);
        var window = (await Host.RefreshScoreAsync())["windows"]!["allTime"]!;
        Assert.Equal((2, 1), (window["surveyed"]!.GetValue<int>(), window["notSurveyed"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Unicode_survives_and_long_fields_are_cut_to_their_limits()
    {
        var summary = "Zoë’s 📧 won’t sync — 山田さんのメール " + new string('x', 600);
        Ticket("1045", ticket =>
        {
            ticket["summary"] = summary;
            ticket["contactName"] = "Zoë Ångström-山田";
            ticket["company"]!["name"] = "Société Générale d’Hébergement " + new string('y', 300);
        });

        using var response = await PostCallback(Callback("connectwise-callback-closed.json", "1045", ticket => ticket["summary"] = summary));
        await SendGrid.WaitForAsync(1);

        var survey = await Stored("connectwise", "1045");
        Assert.Equal("Zoë Ångström-山田", survey!.CustomerName);
        Assert.Equal((500, summary[..499] + "…"), (survey.Subject!.Length, survey.Subject));

        // The client company rides on the ticket, cut like the other names.
        var company = (await LookUpAsync("1045")).Ticket!.Company!;
        Assert.Equal(200, company.Length);
        Assert.StartsWith("Société Générale d’Hébergement y", company);
        Assert.Equal("Acme Ltd", (await LookUpAsync("1042")).Ticket!.Company);
    }

    /// <summary>The look-up the queue step makes, called directly to see the ticket it reads.</summary>
    private async Task<HelpdeskReading> LookUpAsync(string ticketId)
    {
        var config = Host.Services.GetRequiredService<CsatOptions>().Helpdesks["connectwise"];
        using var http = new HttpClient();
        return await HelpdeskFormats.Find("connectwise")!.LookUpAsync(new HelpdeskLookupMessage("connectwise", ticketId, Host.Clock.GetUtcNow()), new HelpdeskCall(config, http, Host.Clock), CancellationToken.None);
    }
}
