using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;
using CsatFunctions.Tests.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Ratings;

/// <summary>
/// <c>Csat__Reasons</c> through the real pipeline: offered as checkboxes with an answer at the bottom of
/// the scale, in the customer's language; stored with that answer only; carried by the feed, the CSV,
/// the reports' <c>byReason</c>, the desk and the outgoing webhook.
/// </summary>
public sealed class ReasonTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    private static readonly string[] DefaultReasons = ["slow-response", "not-resolved", "communication", "other"];

    private readonly MidMonthClock clock = new();
    private WebhookReceiverStub receiver = null!;

    protected override TimeProvider Clock => clock;

    public override async ValueTask InitializeAsync()
    {
        receiver = await WebhookReceiverStub.StartAsync();
        await base.InitializeAsync();
    }

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Csat:Webhooks:crm:Url"] = $"{receiver.BaseUrl}hooks";
        settings["Csat:Webhooks:crm:Secret"] = "whsec_" + Convert.ToBase64String("receiver-secret-of-thirty-two-b!"u8);
    }

    public static TheoryData<string> Shipped => ["en", "de", "fr", "es", "nl"];

    [Theory]
    [MemberData(nameof(Shipped))]
    public async Task The_bottom_answers_page_offers_every_reason_in_the_customers_language_and_the_top_answers_page_none(string code)
    {
        var ticket = JsonNode.Parse(PipelineHost.Ticket($"R-{code}", $"{code}@example.org"))!;
        ticket["locale"] = code;
        var mail = await Host.SurveyEmailForAsync(SendGrid, ticket.ToJsonString());
        var language = CsatFunctions.Languages.Languages.Builtin.For(code);

        var bottom = await Host.Http.GetStringAsync(SurveyMail.LinkFor(mail, "unsatisfactory"));
        var top = await Host.Http.GetStringAsync(SurveyMail.LinkFor(mail, "excellent"));

        Assert.Contains(WebUtility.HtmlEncode(language.Text("form.reasons", ("answer", language.Text("choice.unsatisfactory")))), bottom);
        foreach (var slug in DefaultReasons)
        {
            Assert.Contains($"""<input type="checkbox" name="reason" value="{slug}"> {WebUtility.HtmlEncode(language.Text("reason." + slug))}</label>""", bottom);
        }

        Assert.True(bottom.IndexOf("name=\"reason\"", StringComparison.Ordinal) > bottom.IndexOf("name=\"comment\"", StringComparison.Ordinal), "the reasons come at the bottom of the form");
        Assert.DoesNotContain("name=\"reason\"", top);
    }

    [Theory]
    [InlineData("five-point", "1", "2", "“1")]
    [InlineData("nps", "6", "7", "“0–6”")]
    public async Task On_numbered_scales_the_reasons_come_with_the_scales_own_bottom_and_are_kept_only_with_it(string scale, string bottom, string above, string legend)
    {
        var ticket = JsonNode.Parse(PipelineHost.Ticket($"R-{scale}", $"{scale}@example.org"))!;
        ticket["scale"] = scale;
        var mail = await Host.SurveyEmailForAsync(SendGrid, ticket.ToJsonString());

        var bottomPage = await Host.Http.GetStringAsync(SurveyMail.LinkFor(mail, bottom));
        Assert.Contains("name=\"reason\"", bottomPage);
        Assert.Contains(WebUtility.HtmlEncode(legend), bottomPage);
        Assert.DoesNotContain("name=\"reason\"", await Host.Http.GetStringAsync(SurveyMail.LinkFor(mail, above)));

        Assert.Empty(Reasons((await PostAsync(mail, ("rating", above), ("reason", "other")))["reasons"]!));
        Assert.Equal(["other"], Reasons((await PostAsync(mail, ("rating", bottom), ("reason", "other")))["reasons"]!));
    }

    [Fact]
    public async Task Two_reasons_with_a_bottom_answer_reach_the_feed_the_csv_the_reports_the_desk_and_the_webhook_and_an_unknown_one_is_dropped()
    {
        var mail = await Host.SurveyEmailForAsync(SendGrid, PipelineHost.Ticket("R-1", "ann@example.org", agent: "Pat", resolvedAt: clock.GetUtcNow()));

        var answer = await PostAsync(mail, ("rating", "unsatisfactory"), ("reason", "other"), ("reason", "retired-reason"), ("reason", "slow-response"), ("reason", "other"));

        // Stored once each in the form's order, the unknown slug (a form from before a change of settings) dropped.
        string[] kept = ["slow-response", "other"];
        Assert.Equal(kept, Reasons(answer["reasons"]!));
        Assert.Equal(kept, (await SurveyAsync(mail)).Reasons);

        var item = Assert.Single((await Host.AdminAsync(HttpMethod.Get, "/api/admin/ratings"))["items"]!.AsArray())!;
        Assert.Equal(kept, Reasons(item["reasons"]!));

        var csv = (await Host.AdminCsvAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",reasons,tags,agentIsCustomer", csv[0]);
        Assert.EndsWith(",slow-response;other,,false", csv[1]);

        await Host.RefreshScoreAsync();
        var byReason = (await Host.AdminAsync(HttpMethod.Get, "/api/admin/reports"))["byReason"]!.AsObject();
        Assert.Equal(["other", "slow-response"], byReason.Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.All(byReason, r => Assert.Equal(1, r.Value!["rated"]!.GetValue<int>()));

        var desk = await DeskAsync();
        Assert.Contains("<h2 id=\"reasons\">By reason</h2>", desk);
        Assert.Contains("<th scope=\"row\">The answer took too long</th><td>1</td></tr>", desk);
        Assert.Contains("Reasons: slow-response, other", desk);

        var received = Assert.Single(await receiver.WaitForAcceptedAsync(1, "rating.recorded"));
        Assert.Equal(kept, Reasons(received.Json["data"]!["reasons"]!));
    }

    [Fact]
    public async Task Reasons_sent_with_an_answer_not_at_the_bottom_are_not_stored_and_a_change_of_mind_replaces_them()
    {
        var mail = await Host.SurveyEmailForAsync(SendGrid, PipelineHost.Ticket("R-2", "bob@example.org"));

        var satisfied = await PostAsync(mail, ("rating", "satisfactory"), ("reason", "slow-response"));
        Assert.Empty(Reasons(satisfied["reasons"]!));
        Assert.Empty((await SurveyAsync(mail)).Reasons);

        await PostAsync(mail, ("rating", "unsatisfactory"), ("reason", "slow-response"), ("reason", "communication"));
        await PostAsync(mail, ("rating", "unsatisfactory"), ("reason", "not-resolved"));
        Assert.Equal(["not-resolved"], (await SurveyAsync(mail)).Reasons);

        // The report counts the reasons of the answer standing, not those it replaced.
        await Host.RefreshScoreAsync();
        var byReason = (await Host.AdminAsync(HttpMethod.Get, "/api/admin/reports"))["byReason"]!.AsObject();
        Assert.Equal(["not-resolved"], byReason.Select(r => r.Key));
        Assert.Equal(1, byReason["not-resolved"]!["rated"]!.GetValue<int>());

        // The page of a changed mind shows the reasons ticked last.
        var page = await Host.Http.GetStringAsync(SurveyMail.LinkFor(mail, "unsatisfactory"));
        Assert.Contains("value=\"not-resolved\" checked>", page);
        Assert.Contains("value=\"slow-response\">", page);

        await PostAsync(mail, ("rating", "excellent"), ("reason", "not-resolved"));
        Assert.Empty((await SurveyAsync(mail)).Reasons);
        var item = Assert.Single((await Host.AdminAsync(HttpMethod.Get, "/api/admin/ratings"))["items"]!.AsArray())!;
        Assert.Empty(Reasons(item["reasons"]!));
        await Host.RefreshScoreAsync();
        Assert.Empty((await Host.AdminAsync(HttpMethod.Get, "/api/admin/reports"))["byReason"]!.AsObject());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await receiver.DisposeAsync();
    }

    private static string[] Reasons(JsonNode reasons) => reasons.AsArray().Select(r => r!.GetValue<string>()).ToArray();

    private async Task<JsonNode> PostAsync(ReceivedMail mail, params (string Name, string Value)[] fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, SurveyMail.PostPathFor(mail))
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await Host.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!;
    }

    private async Task<Survey> SurveyAsync(ReceivedMail mail) =>
        (await Host.Services.GetRequiredService<SurveyTable>().GetAsync(SurveyMail.SurveyIdOf(mail), CancellationToken.None))!.Survey;

    /// <summary>The desk page, signed in with the admin key.</summary>
    private async Task<string> DeskAsync()
    {
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Host.Http.BaseAddress };
        using var signIn = await browser.PostAsync("/api/admin/session", new FormUrlEncodedContent([new("key", PipelineHost.AdminKey)]));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/desk");
        request.Headers.Add("Cookie", signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0]);
        using var desk = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, desk.StatusCode);
        return await desk.Content.ReadAsStringAsync();
    }
}
