using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CsatFunctions.Storage;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Scores;

/// <summary>
/// <c>GET /api/score/policy</c> and its static copies: the review policy states the figures of the
/// documents published at the same refresh, in every shipped language (by <c>?lang=</c> or
/// <c>Accept-Language</c> from one host, and as policy.{code}.html), and the public page and widget link to it.
/// This host publishes a ledger (without Csat__LedgerSigningKey, the log's checkpoint signed all the same) whose verify page's address is known, sends no reminder,
/// keeps the first survey after a reopen and sends at once; <see cref="SignedLedgerReviewPolicyTests"/>
/// and the languages' host (which publishes nothing) state the other settings.
/// </summary>
public sealed partial class ReviewPolicyTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    private const string PublishedUrl = "https://files.example.test/";

    private const string InternalDomain = "staff.example";

    private readonly string container = "site-" + Guid.NewGuid().ToString("N")[..12];

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Csat:PublishContainer"] = container;
        settings["Csat:PublishedUrl"] = PublishedUrl;
        settings["Csat:MinimumRatedToShow"] = "3";
        settings["Csat:RetentionDays"] = "400";
        settings["Csat:SurveyCooldownDays"] = "14";
        settings["Csat:InternalDomains"] = InternalDomain;
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
        await RateAsync(mails["p-3@example.org"], "satisfactory", "Call Kim Meyer on 555-0100.");

        // Below the minimum sample: score.json has the count and the share, the badge, page and policy show no percentage.
        await Host.RefreshScoreAsync();
        var few = JsonNode.Parse(await Host.Http.GetStringAsync("/api/score"))!["windows"]!["last30Days"]!;
        Assert.Equal((2, 100.0m), (few["rated"]!.GetValue<int>(), few["satisfactionPercent"]!.GetValue<decimal>()));
        Assert.Null(JsonNode.Parse(await PolicyJsonAsync(Host.Http))!["figure"]!["last30Days"]!["satisfactionPercent"]);
        var fewPage = await Host.Http.GetStringAsync("/api/score/page");
        Assert.Contains("2 ratings so far for tickets resolved in the last 30 days; we show the share once there are 3.", fewPage);
        Assert.DoesNotContain("100.0%", fewPage);
        Assert.DoesNotContain("100.0%", await Host.Http.GetStringAsync("/api/score/badge.svg"));

        await RateAsync(mails["p-2@example.org"], "unsatisfactory", "Buy cheap watches at spam.example");
        Assert.Equal(HttpStatusCode.NoContent, (await RemoveAsync(SurveyMail.SurveyIdOf(mails["p-2@example.org"]), "spam")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await RemoveAsync(SurveyMail.SurveyIdOf(mails["p-3@example.org"]), "personal-data")).StatusCode);
        await Host.RefreshScoreAsync();

        var score = JsonNode.Parse(await Host.Http.GetStringAsync("/api/score"))!;
        var comments = JsonNode.Parse(await Host.Http.GetStringAsync("/api/score/comments"))!;
        using var asJson = new HttpRequestMessage(HttpMethod.Get, "/api/score/policy");
        asJson.Headers.Accept.ParseAdd("application/json");
        using var jsonResponse = await Host.Http.SendAsync(asJson);
        var json = await jsonResponse.Content.ReadAsStringAsync();
        var policy = JsonNode.Parse(json)!;
        using var pageResponse = await Host.Http.GetAsync("/api/score/policy");
        var page = await pageResponse.Content.ReadAsStringAsync();

        // The JSON states the published documents' own numbers.
        Assert.Equal("application/json", jsonResponse.Content.Headers.ContentType!.MediaType);
        Assert.Equal(new[] { "Accept", "Accept-Language" }, jsonResponse.Headers.Vary);
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
            """{"surveyCooldownDays":14,"sendDelay":null,"internalAddressesNotAsked":true,"reviewInvitation":true,"incentives":false,"reminderAfterDays":0,"reopenAfterEmail":"keep"}""",
            policy["collection"]!.ToJsonString());
        Assert.Equal(
            """{"three-level":["excellent","satisfactory"],"five-point":["4","5"],"nps":["7","8","9","10"]}""",
            policy["figure"]!["satisfiedAnswers"]!.ToJsonString());
        Assert.Equal($$"""{"published":true,"checkpointSigned":true,"verifyUrl":"{{PublishedUrl}}verify.html"}""", policy["ledger"]!.ToJsonString());

        // The page says the same numbers in words, under the strict policy every page has.
        Assert.Equal("text/html", pageResponse.Content.Headers.ContentType!.MediaType);
        Assert.Equal(new[] { "Accept", "Accept-Language" }, pageResponse.Headers.Vary);
        Assert.Equal("en", Assert.Single(pageResponse.Content.Headers.ContentLanguage));
        Assert.Contains("default-src 'none'", pageResponse.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("<title>Our review policy · Example Hosting</title>", page);
        Assert.Contains("In the last 30 days. Tickets counted: 4; not asked: 1; answered: 3; response rate: 75.0%.", page);
        Assert.Contains("<p>The customer is emailed one signed link for that ticket. The link works for that ticket only, and a customer who answers again changes their answer: it is still counted once.</p>", page);
        Assert.Contains("<li>the customer was already asked within the last 14 days, so that nobody is asked too often</li>", page);

        // The support team stops an address only when its customer asks (PUT /api/admin/suppressions/{email}), and the page says so.
        Assert.Contains("<li>the customer asked us to stop sending survey emails (by the link in an email, or by asking our support team, who then stop them for that address), or their address cannot receive email</li>", page);
        Assert.Contains("<li>the customer&#39;s address is at one of our own domains, as on our staff&#39;s tickets and test tickets</li>", page);
        Assert.Contains("<li>the customer&#39;s data had been erased before the email left, at their request or after the retention period</li></ul>", page);
        Assert.DoesNotContain(";</li>", page);
        Assert.Contains("<p>If the agent who handled a ticket is also its customer (the same name or address), the answer is counted like any other and marked for the support team to check.</p>", page);

        // No reminder, the first survey stands after a reopen, and without a send delay a reopen cancels nothing: none of it is promised.
        Assert.DoesNotContain("reminder", page);
        Assert.DoesNotContain("reopened", page);
        Assert.Contains("We offer nothing in return for an answer", page);
        Assert.Contains("every customer sees the same invitation to review us on another site as well, whatever their rating", page);
        Assert.Contains("<li>Excellent, satisfactory or unsatisfactory: excellent and satisfactory count as satisfied.</li>", page);
        Assert.Contains("<li>A number from 1 to 5: 4–5 count as satisfied.</li>", page);
        Assert.Contains("<li>A number from 0 to 10 (how likely you are to recommend us): 7–10 count as satisfied.</li>", page);
        Assert.Contains("A period with fewer than 3 answers shows no percentage on the badge, the widget or the page, only how many answers it has so far", page);
        Assert.Contains("Among the comments we hold now, removed:", page);
        Assert.Contains("<li data-reason=\"personal-data\">Personal data: it names or identifies someone (an address, a phone number, an account): <strong>1 comment</strong></li>", page);
        Assert.Contains("<li data-reason=\"abusive\">Abuse: insults, threats or hate: <strong>0 comments</strong></li>", page);
        Assert.Contains("<li data-reason=\"spam\">Spam: advertising, or text that has nothing to do with our support: <strong>1 comment</strong></li>", page);
        Assert.Contains("are erased 400 days after the ticket was resolved.", page);
        Assert.Contains("public transparency log, without names, addresses or comments: a Merkle tree that can only grow", page);
        Assert.Contains("Its checkpoint is signed with the log&#39;s key, published beside it, and every checkpoint is kept", page);
        Assert.Contains("Each thank-you page shows a receipt. The verify page finds it in the log with a proof of a few hashes against the signed checkpoint", page);
        Assert.Contains("The verify page also downloads the whole log, checks it and recomputes each window&#39;s figures", page);
        Assert.DoesNotContain("chain of hashes", page);
        Assert.Contains($"<a href=\"{PublishedUrl}verify.html\">Verify the figure</a>", page);
        Assert.DoesNotContain("555-0100", page);

        // The static copy beside score.json says the same, its links pointing at the files beside it.
        var files = Host.Services.GetRequiredService<CsatStorage>().ContainerNamed(container);
        Assert.Equal(await Host.Http.GetStringAsync("/api/score"), (await files.GetBlobClient("score.json").DownloadContentAsync()).Value.Content.ToString());
        var policyFile = files.GetBlobClient("policy.html");
        Assert.Equal("text/html; charset=utf-8", (await policyFile.GetPropertiesAsync()).Value.ContentType);
        var copy = (await policyFile.DownloadContentAsync()).Value.Content.ToString();
        Assert.All(new[] { page, json, copy }, published => Assert.DoesNotContain(InternalDomain, published, StringComparison.OrdinalIgnoreCase));
        Assert.Contains("<a href=\"verify.html\">Verify the figure</a>", copy);
        Assert.Contains("<a href=\"index.html\">Back to the score</a>", copy);
        Assert.Equal(page, LanguageFile().Replace(copy, "href=\"policy?lang=$1\" hreflang").Replace("href=\"verify.html\"", $"href=\"{PublishedUrl}verify.html\"", StringComparison.Ordinal).Replace("href=\"index.html\"", "href=\"page\"", StringComparison.Ordinal));

        // A copy in each shipped language beside it, policy.html being the default's, each linking the others' files.
        Assert.Equal(copy, (await files.GetBlobClient("policy.en.html").DownloadContentAsync()).Value.Content.ToString());
        foreach (var code in CsatFunctions.Languages.Languages.Shipped.Keys)
        {
            var language = CsatFunctions.Languages.Languages.Builtin.For(code);
            var file = files.GetBlobClient($"policy.{code}.html");
            Assert.Equal("text/html; charset=utf-8", (await file.GetPropertiesAsync()).Value.ContentType);
            var inLanguage = (await file.DownloadContentAsync()).Value.Content.ToString();
            Assert.Contains($"<html lang=\"{code}\">", inLanguage);
            Assert.Contains($"<title>{Encoded(language.Text("policy.title"))} · Example Hosting</title>", inLanguage);
            Assert.Contains(Encoded(language.Text("policy.noIncentive")), inLanguage);
            Assert.Contains("<a href=\"verify.html\">", inLanguage);
            Assert.Equal(
                CsatFunctions.Languages.Languages.Shipped.Keys.Where(other => other != code).Select(other => $"policy.{other}.html").ToList(),
                LanguageFile().Matches(inLanguage).Select(link => $"policy.{link.Groups[1].Value}.html").ToList());
        }

        // The public page, its static copy and the widget link to the policy.
        Assert.Contains("<a href=\"policy\">Review policy</a></p>", await Host.Http.GetStringAsync("/api/score/page"));
        Assert.Contains("<a href=\"policy.html\">Review policy</a></p>", (await files.GetBlobClient("index.html").DownloadContentAsync()).Value.Content.ToString());
        Assert.Contains("api + \"/score/policy\"", await Host.Http.GetStringAsync("/api/score/widget.js"));
        Assert.Contains("folder + \"/policy.html\"", (await files.GetBlobClient("widget.js").DownloadContentAsync()).Value.Content.ToString());
    }

    [Fact]
    public async Task One_host_states_the_policy_in_every_shipped_language_in_its_own_words()
    {
        var english = CsatFunctions.Languages.Languages.Builtin.For("en");
        await using var host = await PipelineHost.StartAsync(Azurite.ConnectionString, SendGrid, settings =>
        {
            settings["Csat:DefaultLocale"] = "nl";
            settings["Csat:SendDelay"] = "PT24H";
            settings["Csat:SurveyCooldownDays"] = "1";
            settings["Csat:InternalDomains"] = InternalDomain;
            settings["Csat:ReminderAfterDays"] = "1";
            settings["Csat:ReopenAfterEmail"] = "ask-again";
            settings["Csat:PublishContainer"] = "off";
            settings["Csat:PublishedUrl"] = PublishedUrl;
        });
        Assert.Contains("<html lang=\"nl\">", await host.Http.GetStringAsync("/api/score/policy"));
        foreach (var code in CsatFunctions.Languages.Languages.Shipped.Keys)
        {
            var language = CsatFunctions.Languages.Languages.Builtin.For(code);

            // Asked by name, and by a browser whose first language the project does not have.
            var page = await host.Http.GetStringAsync($"/api/score/policy?lang={code}");
            using var negotiated = await GetAsync(host.Http, "/api/score/policy", ("Accept-Language", $"it-IT, {code}-XX;q=0.8, *;q=0.1"));
            Assert.Equal(page, await negotiated.Content.ReadAsStringAsync());
            Assert.Equal(code, Assert.Single(negotiated.Content.Headers.ContentLanguage));

            Assert.Contains($"<html lang=\"{code}\">", page);
            Assert.Equal(
                CsatFunctions.Languages.Languages.Shipped.Keys.Where(other => other != code).Select(other => $"policy?lang={other}").ToList(),
                LanguageLink().Matches(page).Select(link => link.Groups[1].Value).ToList());
            Assert.Contains(Encoded(language.Text("policy.otherLanguages")), page);
            Assert.All(
                CsatFunctions.Languages.Languages.Shipped.Keys.Where(other => other != code),
                other => Assert.Contains($"lang=\"{other}\">{Encoded(CsatFunctions.Languages.Languages.Builtin.For(other).Text("language.name"))}</a>", page));
            Assert.Contains($"<title>{Encoded(language.Text("policy.title"))} · Example Hosting</title>", page);
            Assert.Contains($"<li>{Encoded(language.Text("policy.notAsked.reopened", ("delay", language.Plural("policy.duration.hours", 24, ("count", 24)))))}</li></ul>", page);
            Assert.Contains(Encoded(language.Text("policy.notAsked.erasedOnRequest")), page);
            Assert.Contains(Encoded(language.Text("policy.oneLink") + " " + language.Plural("policy.reminder", 1, ("days", 1)) + " " + language.Text("policy.askAgain")), page);
            Assert.Contains(Encoded(language.Text("policy.agentIsCustomer")), page);
            Assert.Contains(Encoded(language.Text("policy.minimum", ("minimum", 10))), page);

            // Nothing is published (Csat__PublishContainer=off): no ledger to verify is promised, nor linked.
            Assert.Contains(Encoded(language.Text("policy.introWithoutLedger", ("company", "Example Hosting"))), page);
            Assert.Contains(Encoded(language.Text("policy.ledgerOff")), page);
            Assert.DoesNotContain(Encoded(language.Text("policy.recompute")), page);
            Assert.DoesNotContain("verify.html", page);
            if (code == "en")
            {
                var policy = JsonNode.Parse(await PolicyJsonAsync(host.Http))!;
                Assert.Equal("""{"published":false,"checkpointSigned":false,"verifyUrl":null}""", policy["ledger"]!.ToJsonString());
                Assert.Equal((1, "ask-again", "P1D"), (policy["collection"]!["reminderAfterDays"]!.GetValue<int>(), policy["collection"]!["reopenAfterEmail"]!.GetValue<string>(), policy["collection"]!["sendDelay"]!.GetValue<string>()));
                Assert.DoesNotContain(InternalDomain, page + policy.ToJsonString(), StringComparison.OrdinalIgnoreCase);
            }
            Assert.Contains(Encoded(language.Plural("policy.notAsked.cooldown", 1, ("days", 1))), page);
            Assert.Contains(Encoded(WithinTheLastDay[code]), page);
            Assert.Contains(Encoded(language.Text("policy.notAsked.unsubscribed")), page);
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

    /// <summary>A cooldown of one day as each language says it: "within the last day", never "within the last 1 day".</summary>
    private static readonly Dictionary<string, string> WithinTheLastDay = new(StringComparer.Ordinal)
    {
        ["en"] = "already asked within the last day, so",
        ["de"] = "innerhalb des letzten Tages schon gefragt",
        ["fr"] = "au cours de la dernière journée, pour",
        ["es"] = "en el último día, para",
        ["nl"] = "de afgelopen dag al gevraagd",
    };

    [Fact]
    public async Task The_language_is_the_one_asked_for_by_lang_else_by_accept_language_else_the_default()
    {
        async Task<string> LanguageOf(string path, string? acceptLanguage = null)
        {
            var headers = acceptLanguage is null ? [] : new[] { ("Accept-Language", acceptLanguage) };
            using var response = await GetAsync(Host.Http, path, headers);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var code = Assert.Single(response.Content.Headers.ContentLanguage);
            Assert.Contains($"<html lang=\"{code}\">", await response.Content.ReadAsStringAsync());
            return code;
        }

        Assert.Equal("en", await LanguageOf("/api/score/policy"));
        Assert.Equal("nl", await LanguageOf("/api/score/policy", "fr;q=0.3, nl;q=0.9, de;q=0.5"));
        Assert.Equal("de", await LanguageOf("/api/score/policy", "de-AT"));
        Assert.Equal("en", await LanguageOf("/api/score/policy", "es;q=0, it"));
        Assert.Equal("en", await LanguageOf("/api/score/policy", "*"));
        Assert.Equal("en", await LanguageOf("/api/score/policy", ";;=q"));
        Assert.Equal("fr", await LanguageOf("/api/score/policy?lang=fr-CA"));
        Assert.Equal("es", await LanguageOf("/api/score/policy?lang=es", "nl"));

        // A page for people answers a language the project does not have in one it has (the browser's, else
        // the default), and links the others, rather than refusing the visitor.
        Assert.Equal("de", await LanguageOf("/api/score/policy?lang=it", "de"));
        Assert.Equal("en", await LanguageOf("/api/score/policy?lang=it"));

        // Each language has its own ETag, and revalidates on its own; the JSON is the same whatever the language.
        using var french = await GetAsync(Host.Http, "/api/score/policy?lang=fr");
        var tag = french.Headers.ETag!.Tag;
        using var sameFrench = await GetAsync(Host.Http, "/api/score/policy?lang=fr", ("If-None-Match", tag));
        using var dutch = await GetAsync(Host.Http, "/api/score/policy?lang=nl", ("If-None-Match", tag));
        Assert.Equal((HttpStatusCode.NotModified, HttpStatusCode.OK), (sameFrench.StatusCode, dutch.StatusCode));
        Assert.NotEqual(tag, dutch.Headers.ETag!.Tag);
        using var json = await GetAsync(Host.Http, "/api/score/policy?lang=fr", ("Accept", "application/json"), ("Accept-Language", "de"));
        Assert.Equal(await PolicyJsonAsync(Host.Http), await json.Content.ReadAsStringAsync());
        Assert.Empty(json.Content.Headers.ContentLanguage);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient http, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await http.SendAsync(request);
    }

    /// <summary>A link from one language's policy to another's: its address.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("""<a href="(policy\?lang=[a-z]+)" hreflang="[a-z]+" lang="[a-z]+">""")]
    private static partial System.Text.RegularExpressions.Regex LanguageLink();

    /// <summary>A static copy's link to another language's file: the language's code.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("""href="policy\.([a-z]+)\.html" hreflang""")]
    private static partial System.Text.RegularExpressions.Regex LanguageFile();

    private static readonly System.Text.RegularExpressions.Regex Placeholder = new(@"\{[a-z]+\}");

    private static readonly IReadOnlyList<string> PolicyKeys = [.. JsonNode.Parse(File.ReadAllText(Path.Combine(AzuriteProcess.RepositoryRoot(), "functions", "CsatFunctions.Core", "Languages", "Texts", "en.json")))!
        .AsObject().Select(pair => pair.Key).Where(key => key.StartsWith("policy.", StringComparison.Ordinal))];

    private static string Encoded(string text) => WebUtility.HtmlEncode(text);

    /// <summary>The policy's figures, as a website that writes its own policy page reads them.</summary>
    internal static async Task<string> PolicyJsonAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/score/policy");
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await http.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

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
