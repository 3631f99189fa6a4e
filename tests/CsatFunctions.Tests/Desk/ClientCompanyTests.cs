using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Desk;

/// <summary>The client company a ticket names, carried through the real HTTP pipeline to the feed, the CSV, follow-ups, reports and the desk.</summary>
public sealed class ClientCompanyTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    private readonly MidMonthClock clock = new();
    private readonly Dictionary<string, ReceivedMail> mails = [];

    protected override TimeProvider Clock => clock;

    [Fact]
    public async Task A_tickets_company_shows_in_the_feed_the_csv_its_follow_up_the_report_the_desk_and_the_customers_data()
    {
        await AnswerAsync(("C-1", "Acme Ltd", "unsatisfactory"), ("C-2", "Globex", "excellent"), ("C-3", null, "satisfactory"), ("C-4", "Acme Ltd", null));
        Assert.True((await Host.SendTicketAsync(PipelineHost.Ticket("C-NOMAIL", email: "", company: "Initech"))).IsSuccessStatusCode);
        await Host.RefreshScoreAsync();

        var feed = (await Host.AdminAsync(HttpMethod.Get, "/api/admin/ratings"))["items"]!.AsArray();
        Assert.Equal(
            [("C-1", "Acme Ltd"), ("C-2", "Globex"), ("C-3", null)],
            feed.Select(i => (i!["ticketId"]!.GetValue<string>(), i["company"]?.GetValue<string>())).OrderBy(i => i.Item1));

        var followUp = Assert.Single((await Host.AdminAsync(HttpMethod.Get, "/api/admin/followups"))["items"]!.AsArray())!;
        Assert.Equal(("C-1", "Acme Ltd"), (followUp["ticketId"]!.GetValue<string>(), followUp["company"]!.GetValue<string>()));

        var csv = await Host.AdminCsvAsync("/api/admin/ratings.csv");
        Assert.StartsWith("surveyId,ticketId,source,agent,company,channel,touchpoint,", csv);
        Assert.Contains($",C-2,generic,Pat,Globex,chat,", csv);
        Assert.Contains($",C-3,generic,Pat,,chat,", csv);

        var report = await Host.AdminAsync(HttpMethod.Get, "/api/admin/reports");
        var byCompany = report["byCompany"]!.AsObject();
        Assert.Equal(["", "Acme Ltd", "Globex", "Initech"], byCompany.Select(w => w.Key));
        Assert.Equal((2, 1, 0), Counts(byCompany["Acme Ltd"]!));
        Assert.Equal((1, 1, 100), Counts(byCompany["Globex"]!));
        Assert.Equal((1, 0, null), Counts(byCompany["Initech"]!));
        Assert.Equal(report["total"]!["surveyed"]!.GetValue<int>(), byCompany.Sum(w => w.Value!["surveyed"]!.GetValue<int>()));

        var notAsked = Assert.Single((await Host.AdminAsync(HttpMethod.Get, "/api/admin/tickets/not-surveyed"))["items"]!.AsArray())!;
        Assert.Equal(("C-NOMAIL", "Initech"), (notAsked["ticketId"]!.GetValue<string>(), notAsked["company"]!.GetValue<string>()));

        var held = await Host.AdminAsync(HttpMethod.Get, "/api/admin/customers/c-1@example.org");
        Assert.Equal("Acme Ltd", Assert.Single(held["surveys"]!.AsArray())!["company"]!.GetValue<string>());

        var desk = await DeskAsync("/api/admin/desk");
        Assert.Contains("<h2>By company</h2>", desk);
        Assert.Contains("<th scope=\"row\"><a href=\"companies/Globex/report\">Globex</a></th>", desk);
        Assert.Contains("<th class=\"text\">Agent</th><th class=\"text\">Company</th>", desk);
        Assert.Contains("<td class=\"text\">Pat</td><td class=\"text\">Globex</td>", desk);
        Assert.Contains("<label>Company <input name=\"company\" value=\"\"></label>", desk);
        Assert.Contains("<td class=\"text\">Initech</td>", desk);
    }

    [Fact]
    public async Task The_company_filter_returns_only_that_companys_answers_whatever_the_case()
    {
        await AnswerAsync(("F-1", "Acme Ltd", "excellent"), ("F-2", "Acme Ltd (EU)", "excellent"), ("F-3", "Globex", "unsatisfactory"), ("F-4", null, "satisfactory"));

        var acme = (await Host.AdminAsync(HttpMethod.Get, "/api/admin/ratings?company=acme%20ltd"))["items"]!.AsArray();
        var none = (await Host.AdminAsync(HttpMethod.Get, "/api/admin/ratings?company=Initech"))["items"]!.AsArray();
        var csv = await Host.AdminCsvAsync("/api/admin/ratings.csv?company=GLOBEX");
        var desk = await DeskAsync("/api/admin/desk?company=Globex");

        Assert.Equal("F-1", Assert.Single(acme)!["ticketId"]!.GetValue<string>());
        Assert.Empty(none);
        Assert.Equal(2, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains(",F-3,", csv);
        Assert.Contains("<label>Company <input name=\"company\" value=\"Globex\"></label>", desk);
        Assert.DoesNotContain("Acme Ltd (EU)</td>", desk);
    }

    [Fact]
    public async Task A_company_of_300_characters_is_cut_to_200_and_the_ticket_is_still_surveyed()
    {
        var company = string.Concat(Enumerable.Repeat("Example Hosting Client ", 14))[..300];

        await AnswerAsync(("L-1", company, "satisfactory"));

        var stored = Assert.Single((await Host.AdminAsync(HttpMethod.Get, "/api/admin/ratings"))["items"]!.AsArray())!["company"]!.GetValue<string>();
        Assert.Equal(200, stored.Length);
        Assert.Equal(company[..199].TrimEnd() + "…", stored);
    }

    [Fact]
    public async Task A_later_delivery_of_the_same_ticket_with_another_company_keeps_the_company_it_was_resolved_with()
    {
        await AnswerAsync(("D-1", "Acme Ltd", null));
        using var again = await Host.SendTicketAsync(PipelineHost.Ticket("D-1", "d-1@example.org", agent: "Pat", channel: "chat", resolvedAt: clock.GetUtcNow(), company: "Globex"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await RateAsync("D-1", "unsatisfactory");
        await Host.RefreshScoreAsync();

        var answer = Assert.Single((await Host.AdminAsync(HttpMethod.Get, "/api/admin/ratings"))["items"]!.AsArray())!;
        var followUp = Assert.Single((await Host.AdminAsync(HttpMethod.Get, "/api/admin/followups"))["items"]!.AsArray())!;
        var byCompany = (await Host.AdminAsync(HttpMethod.Get, "/api/admin/reports"))["byCompany"]!.AsObject();

        Assert.Equal("Acme Ltd", answer["company"]!.GetValue<string>());
        Assert.Equal("Acme Ltd", followUp["company"]!.GetValue<string>());
        Assert.Equal(["Acme Ltd"], byCompany.Select(w => w.Key));
        Assert.Single(SendGrid.Received);
    }

    private static (int Surveyed, int Rated, double? Satisfied) Counts(JsonNode window) =>
        (window["surveyed"]!.GetValue<int>(), window["rated"]!.GetValue<int>(), window["satisfactionPercent"]?.GetValue<double>());

    /// <summary>Tickets through the webhook (agent Pat, by chat, resolved now), each rated (or not) through its link.</summary>
    private async Task AnswerAsync(params (string Ticket, string? Company, string? Rating)[] tickets)
    {
        foreach (var (ticket, company, _) in tickets)
        {
            var json = PipelineHost.Ticket(ticket, $"{ticket.ToLowerInvariant()}@example.org", agent: "Pat", channel: "chat", resolvedAt: clock.GetUtcNow(), company: company);
            Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(json)).StatusCode);
        }

        foreach (var mail in await SendGrid.WaitForAsync(mails.Count + tickets.Length))
        {
            mails[SurveyMail.ToAddressOf(mail)] = mail;
        }

        foreach (var (ticket, _, rating) in tickets.Where(t => t.Rating is not null))
        {
            await RateAsync(ticket, rating!);
        }
    }

    private async Task RateAsync(string ticket, string rating)
    {
        using var response = await Host.Http.PostAsync(SurveyMail.PostPathFor(mails[$"{ticket.ToLowerInvariant()}@example.org"]), new FormUrlEncodedContent([new("rating", rating)]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The desk page, signed in with the admin key.</summary>
    private async Task<string> DeskAsync(string path)
    {
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Host.Http.BaseAddress };
        using var signIn = await browser.PostAsync("/api/admin/session", new FormUrlEncodedContent([new("key", PipelineHost.AdminKey)]));
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0]);
        using var desk = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, desk.StatusCode);
        return await desk.Content.ReadAsStringAsync();
    }
}
