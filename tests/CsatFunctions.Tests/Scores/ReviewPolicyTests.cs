using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CsatFunctions.Storage;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Scores;

/// <summary>
/// <c>GET /api/score/policy</c> and its static copy: the review policy states the figures of the
/// documents published at the same refresh, in every shipped language, and the public page and widget link to it.
/// </summary>
public sealed class ReviewPolicyTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    private const string PublishedUrl = "https://files.example.test/";

    private readonly string container = "site-" + Guid.NewGuid().ToString("N")[..12];

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Csat:PublishContainer"] = container;
        settings["Csat:PublishedUrl"] = PublishedUrl;
        settings["Csat:MinimumRatedToShow"] = "3";
        settings["Csat:RetentionDays"] = "400";
        settings["Csat:SurveyCooldownDays"] = "14";
        settings["Csat:InternalDomains"] = "staff.example";
        settings["Csat:ReviewInviteUrl"] = "https://reviews.example/example-hosting";
    }

    [Fact]
    public async Task The_policy_states_the_figures_of_the_documents_published_at_the_same_refresh()
    {
        foreach (var ticket in new[] { "P-1", "P-2", "P-3" })
        {
            Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(PipelineHost.Ticket(ticket, $"{ticket.ToLowerInvariant()}@example.org", "Kim Meyer"))).StatusCode);
        }

        // A colleague's own ticket: counted, never asked.
        Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(PipelineHost.Ticket("P-4", "dana@staff.example"))).StatusCode);
        var mails = (await SendGrid.WaitForAsync(3)).ToDictionary(SurveyMail.ToAddressOf);
        await RateAsync(mails["p-1@example.org"], "excellent", "Quick and kind.");
        await RateAsync(mails["p-2@example.org"], "unsatisfactory", "Buy cheap watches at spam.example");
        await RateAsync(mails["p-3@example.org"], "satisfactory", "Call Kim Meyer on 555-0100.");
        Assert.Equal(HttpStatusCode.NoContent, (await RemoveAsync(SurveyMail.SurveyIdOf(mails["p-2@example.org"]), "spam")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await RemoveAsync(SurveyMail.SurveyIdOf(mails["p-3@example.org"]), "personal-data")).StatusCode);
        await Host.RefreshScoreAsync();

        var score = JsonNode.Parse(await Host.Http.GetStringAsync("/api/score"))!;
        var comments = JsonNode.Parse(await Host.Http.GetStringAsync("/api/score/comments"))!;
        using var asJson = new HttpRequestMessage(HttpMethod.Get, "/api/score/policy");
        asJson.Headers.Accept.ParseAdd("application/json");
        using var jsonResponse = await Host.Http.SendAsync(asJson);
        var policy = JsonNode.Parse(await jsonResponse.Content.ReadAsStringAsync())!;
        using var pageResponse = await Host.Http.GetAsync("/api/score/policy");
        var page = await pageResponse.Content.ReadAsStringAsync();

        // The JSON states the published documents' own numbers.
        Assert.Equal("application/json", jsonResponse.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Accept", Assert.Single(jsonResponse.Headers.Vary));
        Assert.Equal(score["generatedAt"]!.GetValue<string>(), policy["generatedAt"]!.GetValue<string>());
        Assert.Equal(3, score["minimumRatedToShow"]!.GetValue<int>());
        Assert.Equal(score["minimumRatedToShow"]!.GetValue<int>(), policy["figure"]!["minimumRatedToShow"]!.GetValue<int>());
        Assert.Equal(new Dictionary<string, int> { ["personal-data"] = 1, ["abusive"] = 0, ["spam"] = 1 }, Counts(comments["removedByReason"]!));
        Assert.Equal(Counts(comments["removedByReason"]!), Counts(policy["removedByReason"]!));
        var month = score["windows"]!["last30Days"]!;
        var stated = policy["figure"]!["last30Days"]!;
        Assert.Equal((4, 1, 3, 75.0m), (month["surveyed"]!.GetValue<int>(), month["notSurveyed"]!.GetValue<int>(), month["rated"]!.GetValue<int>(), month["responseRatePercent"]!.GetValue<decimal>()));
        foreach (var figure in new[] { "surveyed", "notSurveyed", "rated", "responseRatePercent", "satisfactionPercent" })
        {
            Assert.Equal(month[figure]!.ToJsonString(), stated[figure]!.ToJsonString());
        }

        Assert.Equal(400, policy["retentionDays"]!.GetValue<int>());
        Assert.Equal(
            """{"surveyCooldownDays":14,"sendDelay":null,"internalAddressesNotAsked":true,"reviewInvitation":true,"incentives":false}""",
            policy["collection"]!.ToJsonString());
        Assert.Equal(
            """{"three-level":["excellent","satisfactory"],"five-point":["4","5"],"nps":["7","8","9","10"]}""",
            policy["figure"]!["satisfiedAnswers"]!.ToJsonString());
        Assert.Equal(PublishedUrl + "verify.html", policy["verifyUrl"]!.GetValue<string>());

        // The page says the same numbers in words, under the strict policy every page has.
        Assert.Equal("text/html", pageResponse.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Accept", Assert.Single(pageResponse.Headers.Vary));
        Assert.Contains("default-src 'none'", pageResponse.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("<title>Our review policy · Example Hosting</title>", page);
        Assert.Contains("In the last 30 days. Tickets counted: 4; not asked: 1; answered: 3; response rate: 75.0%.", page);
        Assert.Contains("<li>the customer was already asked within the last 14 days, so that nobody is asked too often;</li>", page);
        Assert.Contains("<li>the address belongs to our own staff, so that nobody rates their own work;</li>", page);
        Assert.DoesNotContain("reopened", page);
        Assert.Contains("We offer nothing in return for an answer", page);
        Assert.Contains("every customer sees the same invitation to review us on another site as well, whatever their rating", page);
        Assert.Contains("<li>Excellent, satisfactory or unsatisfactory: excellent and satisfactory count as satisfied.</li>", page);
        Assert.Contains("<li>A number from 1 to 5: 4–5 count as satisfied.</li>", page);
        Assert.Contains("<li>A number from 0 to 10 (how likely you are to recommend us): 7–10 count as satisfied.</li>", page);
        Assert.Contains("A period with fewer than 3 answers shows no percentage", page);
        Assert.Contains("<li data-reason=\"personal-data\">Personal data: it names or identifies someone (an address, a phone number, an account): <strong>1 comment</strong></li>", page);
        Assert.Contains("<li data-reason=\"abusive\">Abuse: insults, threats or hate: <strong>0 comments</strong></li>", page);
        Assert.Contains("<li data-reason=\"spam\">Spam: advertising, or text that has nothing to do with our support: <strong>1 comment</strong></li>", page);
        Assert.Contains("are erased 400 days after the ticket was resolved.", page);
        Assert.Contains($"<a href=\"{PublishedUrl}verify.html\">Verify the figure</a>", page);
        Assert.DoesNotContain("555-0100", page);

        // The static copy beside score.json says the same, its links pointing at the files beside it.
        var files = Host.Services.GetRequiredService<CsatStorage>().ContainerNamed(container);
        Assert.Equal(await Host.Http.GetStringAsync("/api/score"), (await files.GetBlobClient("score.json").DownloadContentAsync()).Value.Content.ToString());
        var policyFile = files.GetBlobClient("policy.html");
        Assert.Equal("text/html; charset=utf-8", (await policyFile.GetPropertiesAsync()).Value.ContentType);
        var copy = (await policyFile.DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("<a href=\"verify.html\">Verify the figure</a>", copy);
        Assert.Contains("<a href=\"index.html\">Back to the score</a>", copy);
        Assert.Equal(page, copy.Replace("href=\"verify.html\"", $"href=\"{PublishedUrl}verify.html\"", StringComparison.Ordinal).Replace("href=\"index.html\"", "href=\"page\"", StringComparison.Ordinal));

        // The public page, its static copy and the widget link to the policy.
        Assert.Contains("<a href=\"policy\">Review policy</a></p>", await Host.Http.GetStringAsync("/api/score/page"));
        Assert.Contains("<a href=\"policy.html\">Review policy</a></p>", (await files.GetBlobClient("index.html").DownloadContentAsync()).Value.Content.ToString());
        Assert.Contains("api + \"/score/policy\"", await Host.Http.GetStringAsync("/api/score/widget.js"));
        Assert.Contains("folder + \"/policy.html\"", (await files.GetBlobClient("widget.js").DownloadContentAsync()).Value.Content.ToString());
    }

    [Fact]
    public async Task Every_shipped_language_states_the_policy_in_its_own_words()
    {
        var english = CsatFunctions.Languages.Languages.Builtin.For("en");
        foreach (var code in CsatFunctions.Languages.Languages.Shipped.Keys)
        {
            await using var host = await PipelineHost.StartAsync(Azurite.ConnectionString, SendGrid, settings =>
            {
                settings["Csat:DefaultLocale"] = code;
                settings["Csat:SendDelay"] = "PT24H";
                settings["Csat:SurveyCooldownDays"] = "1";
                settings["Csat:InternalDomains"] = "staff.example";
            });
            var language = CsatFunctions.Languages.Languages.Builtin.For(code);

            var page = await host.Http.GetStringAsync("/api/score/policy");

            Assert.Contains($"<html lang=\"{code}\">", page);
            Assert.Contains($"<title>{Encoded(language.Text("policy.title"))} · Example Hosting</title>", page);
            Assert.Contains(Encoded(language.Text("policy.notAsked.reopened", ("delay", language.Plural("policy.duration.hours", 24, ("count", 24))))), page);
            Assert.Contains(Encoded(language.Plural("policy.notAsked.cooldown", 1, ("days", 1))), page);
            Assert.Contains(Encoded(language.Text("policy.keptUntilErased")), page);
            Assert.Contains(Encoded(language.Text("policy.noIncentive")), page);
            Assert.Contains(Encoded(language.Text("policy.noReviewInvite")), page);
            Assert.DoesNotContain("policy.", page);
            if (code != "en")
            {
                // No English left in another language's policy: no English wording (its placeholders left unfilled, split there) is on the page.
                var fragments = PolicyKeys.SelectMany(key => Placeholder.Split(english.Text(key))).Where(fragment => fragment.Length >= 15);
                Assert.All(fragments, fragment => Assert.DoesNotContain(Encoded(fragment), page));
            }
        }
    }

    private static readonly System.Text.RegularExpressions.Regex Placeholder = new(@"\{[a-z]+\}");

    private static readonly IReadOnlyList<string> PolicyKeys = [.. JsonNode.Parse(File.ReadAllText(Path.Combine(AzuriteProcess.RepositoryRoot(), "functions", "CsatFunctions.Core", "Languages", "Texts", "en.json")))!
        .AsObject().Select(pair => pair.Key).Where(key => key.StartsWith("policy.", StringComparison.Ordinal))];

    private static string Encoded(string text) => WebUtility.HtmlEncode(text);

    private static Dictionary<string, int> Counts(JsonNode node) => node.AsObject().ToDictionary(pair => pair.Key, pair => pair.Value!.GetValue<int>());

    private async Task RateAsync(ReceivedMail mail, string rating, string comment)
    {
        using var response = await Host.Http.PostAsync(SurveyMail.PostPathFor(mail), new FormUrlEncodedContent([new("rating", rating), new("comment", comment), new("publish", "on")]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<HttpResponseMessage> RemoveAsync(string surveyId, string reason)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/admin/comments/{surveyId}/remove") { Content = new FormUrlEncodedContent([new("reason", reason)]) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PipelineHost.AdminKey);
        request.Headers.Accept.ParseAdd("application/json");
        return await Host.Http.SendAsync(request);
    }
}
