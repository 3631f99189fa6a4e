using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Browser;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Ratings;

/// <summary>
/// <c>Csat__ReviewInviteUrl</c>: the thank-you page invites every respondent to review the company
/// elsewhere in the same words, whatever they answered (no review gating), in their language.
/// </summary>
public sealed partial class ReviewInviteTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    private const string ReviewSite = "https://www.trustpilot.com/review/example-hosting.test";

    protected override void Configure(Dictionary<string, string?> settings) => settings["Csat:ReviewInviteUrl"] = ReviewSite;

    /// <summary>Every answer of every scale: (scale, answer).</summary>
    private static IEnumerable<(Scale Scale, string Value)> EveryAnswer =>
        new[] { Scale.ThreeLevel, Scale.FivePoint, Scale.Nps }.SelectMany(scale => scale.Values.Select(value => (scale, value)));

    [Fact]
    public async Task Every_rating_on_every_scale_is_invited_in_the_same_words_in_the_customers_language()
    {
        var fragments = new Dictionary<string, string>();
        foreach (var code in CsatFunctions.Languages.Languages.Shipped.Keys)
        {
            var mails = await SurveysAsync(Host, code, "all");

            var seen = new Dictionary<string, string>();
            var pages = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (scale, value) in EveryAnswer)
            {
                var page = await RateAsync(Host, mails[$"{scale.Name}-{value}"], value);
                seen[$"{scale.Name} {value}"] = Assert.Single(Invitations(page));
                pages.Add(WithoutTheAnswer(page, code));

                // No other part of the page points at the review site.
                Assert.Single(Regex.Matches(page, Regex.Escape(ReviewSite)));
            }

            Assert.Equal(19, seen.Count);

            // Nor does anything else on the page depend on the answer, once the sentence naming it and the ledger receipt (the survey's own) are left out.
            Assert.Single(pages);
            var fragment = Assert.Single(seen.Values.Distinct());
            fragments[code] = fragment;
            Assert.Contains($"""<a href="{ReviewSite}" rel="noopener noreferrer">""", fragment);
            var language = CsatFunctions.Languages.Languages.Builtin.For(code);
            Assert.Equal(
                $"{language.Text("thanks.reviewInvite", ("company", "Example Hosting"), ("site", "trustpilot.com"))}\n{language.Text("thanks.reviewLink", ("site", "trustpilot.com"))}",
                WebUtility.HtmlDecode(Tags().Replace(fragment.Replace("<br>", "\n", StringComparison.Ordinal), "")));
        }

        // Each language in its own words.
        Assert.Equal(fragments.Count, fragments.Values.Distinct().Count());
        Assert.Contains("bewerten", fragments["de"]);
    }

    [Fact]
    public async Task A_comment_reasons_and_consent_to_publish_change_nothing_in_the_invitation_at_the_top_or_the_bottom()
    {
        var mails = await SurveysAsync(Host, "en", "full");
        var plain = Assert.Single(Invitations(await RateAsync(Host, mails["three-level-satisfactory"], "satisfactory")));
        var pages = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scale in new[] { Scale.ThreeLevel, Scale.FivePoint, Scale.Nps })
        {
            foreach (var value in new[] { scale.Values[0], scale.Values[^1] })
            {
                // The whole form filled in: the reasons count only at the bottom of the scale, the rest everywhere.
                var page = await RateAsync(Host, mails[$"{scale.Name}-{value}"], value, [new("comment", Comment), new("reason", "slow-response"), new("reason", "communication"), new("publish", "on")]);
                Assert.Contains($"<blockquote>{Comment}</blockquote>", page);
                Assert.Equal(plain, Assert.Single(Invitations(page)));
                pages.Add(WithoutTheAnswer(page, "en"));
            }
        }

        // Top and bottom, the whole page is the same once the sentence naming the answer and the receipt are left out.
        Assert.Single(pages);

        // The reasons were taken with the bottom answer and dropped from the top one: the pages above came from the full form.
        var bottom = await RateAsJsonAsync(mails["nps-0"], "0", [new("comment", Comment), new("reason", "slow-response"), new("publish", "on")]);
        var top = await RateAsJsonAsync(mails["nps-10"], "10", [new("comment", Comment), new("reason", "slow-response"), new("publish", "on")]);
        Assert.Equal("""["slow-response"]""", bottom["reasons"]!.ToJsonString());
        Assert.Equal("[]", top["reasons"]!.ToJsonString());
    }

    private const string Comment = "Fixed in the end, after three calls.";

    [Fact]
    public async Task A_change_of_mind_and_the_json_answer_treat_the_top_and_the_bottom_alike()
    {
        var mails = await SurveysAsync(Host, "en", "mind", [Scale.ThreeLevel, Scale.Nps]);
        var (top, bottom) = (mails["three-level-excellent"], mails["three-level-unsatisfactory"]);
        var first = Assert.Single(Invitations(await RateAsync(Host, top, "excellent")));

        // The happy customer thinks again, and the unhappy one too: the same invitation every time.
        Assert.Equal(first, Assert.Single(Invitations(await RateAsync(Host, top, "unsatisfactory"))));
        Assert.Equal(first, Assert.Single(Invitations(await RateAsync(Host, bottom, "unsatisfactory"))));
        Assert.Equal(first, Assert.Single(Invitations(await RateAsync(Host, bottom, "excellent"))));

        // A program posting the rating as JSON gets the same fields whatever the answer, none of them the invitation.
        var topJson = await RateAsJsonAsync(mails["nps-10"], "10");
        var bottomJson = await RateAsJsonAsync(mails["nps-0"], "0");
        Assert.Equal(topJson.Select(p => p.Key), bottomJson.Select(p => p.Key));
        Assert.DoesNotContain("trustpilot", topJson.ToJsonString());
        Assert.DoesNotContain("trustpilot", bottomJson.ToJsonString());
    }

    [Fact]
    public async Task Without_the_setting_nobody_is_invited()
    {
        await using var plain = await PipelineHost.StartAsync(Azurite.ConnectionString, SendGrid);
        var mails = await SurveysAsync(plain, "en", "unset", [Scale.ThreeLevel]);

        foreach (var value in Scale.ThreeLevel.Values)
        {
            var page = await RateAsync(plain, mails[$"three-level-{value}"], value);
            Assert.Contains("We recorded your rating", page);
            Assert.Empty(Invitations(page));
            Assert.DoesNotContain("trustpilot", page);
        }
    }

    [Fact]
    public async Task The_invitation_reads_on_a_phone_without_scrolling_sideways()
    {
        BrowserTests.SkipWithoutChromium();
        var results = Directory.CreateDirectory(Path.Combine(AzuriteProcess.RepositoryRoot(), "TestResults"));
        var mail = await Host.SurveyEmailForAsync(SendGrid, PipelineHost.Ticket("INVITE-PHONE", "phone@example.org", "Kim Meyer", "VPN down"));

        var seen = await BrowserTests.Browse("thanks", $"{Host.Http.BaseAddress}{SurveyMail.LinkFor(mail, "unsatisfactory").TrimStart('/')}", Path.Combine(results.FullName, "thank-you-invite.png"), "390");

        Assert.Empty(seen["errors"]!.AsArray());
        Assert.Equal("Thank you! · Example Hosting", seen["title"]!.GetValue<string>());
        var invite = Assert.Single(seen["invite"]!.AsArray())!;
        Assert.StartsWith("If you like, you can also review Example Hosting on trustpilot.com.", invite["text"]!.GetValue<string>());
        Assert.Equal((ReviewSite, "noopener noreferrer"), (invite["href"]!.GetValue<string>(), invite["rel"]!.GetValue<string>()));
        var layout = Assert.Single(seen["layouts"]!.AsArray())!;
        Assert.True(layout["scrollWidth"]!.GetValue<int>() <= layout["clientWidth"]!.GetValue<int>(), $"at 390 px the thank-you page scrolls sideways: {layout["scrollWidth"]} px wide");
        Assert.True(layout["outside"]!.AsArray().Count == 0, $"at 390 px these stick out: {string.Join("; ", layout["outside"]!.AsArray())}");
        Assert.True(new FileInfo(layout["screenshot"]!.GetValue<string>()).Length > 10_000, "the screenshot is too small to show the page");
    }

    /// <summary>One survey per answer of each scale, in one language: their emails by "{scale}-{answer}".</summary>
    private async Task<Dictionary<string, ReceivedMail>> SurveysAsync(PipelineHost host, string locale, string run, Scale[]? scales = null)
    {
        var wanted = EveryAnswer.Where(answer => scales is null || scales.Contains(answer.Scale)).Select(answer => $"{answer.Scale.Name}-{answer.Value}").ToList();
        var before = SendGrid.Received.Count;
        foreach (var key in wanted)
        {
            var ticket = JsonNode.Parse(PipelineHost.Ticket($"INVITE-{run}-{locale}-{key}", $"{run}-{locale}-{key}@example.org", "Kim Meyer", "VPN down"))!;
            ticket["locale"] = locale;
            ticket["scale"] = key[..key.LastIndexOf('-')];
            using var accepted = await host.SendTicketAsync(ticket.ToJsonString());
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        var mails = (await SendGrid.WaitForAsync(before + wanted.Count)).Skip(before).ToDictionary(SurveyMail.ToAddressOf);
        return wanted.ToDictionary(key => key, key => mails[$"{run}-{locale}-{key}@example.org"]);
    }

    /// <summary>Submits the rating form as a browser does and returns the thank-you page.</summary>
    /// <param name="more">The form's other fields (comment, reasons, consent to publish).</param>
    private static async Task<string> RateAsync(PipelineHost host, ReceivedMail mail, string value, KeyValuePair<string, string>[]? more = null)
    {
        using var response = await host.Http.PostAsync(SurveyMail.PostPathFor(mail), new FormUrlEncodedContent([new("rating", value), .. more ?? []]));
        var page = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, page);
        return page;
    }

    private async Task<JsonObject> RateAsJsonAsync(ReceivedMail mail, string value, KeyValuePair<string, string>[]? more = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, SurveyMail.PostPathFor(mail)) { Content = new FormUrlEncodedContent([new("rating", value), .. more ?? []]) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await Host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static List<string> Invitations(string page) => Invitation().Matches(page).Select(m => m.Value).ToList();

    [GeneratedRegex("""<p class="review-invite">.*?</p>""", RegexOptions.Singleline)]
    private static partial Regex Invitation();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    /// <summary>The thank-you page without what names this answer and this survey: the "you answered" sentence and the ledger receipt.</summary>
    private static string WithoutTheAnswer(string page, string code)
    {
        var recorded = CsatFunctions.Languages.Languages.Builtin.For(code).Text("thanks.recorded", ("answer", "\u0001"));
        var (before, after) = (WebUtility.HtmlEncode(recorded[..recorded.IndexOf('\u0001')]), WebUtility.HtmlEncode(recorded[(recorded.IndexOf('\u0001') + 1)..]));
        var withoutAnswer = Regex.Replace(page, $"<p>{Regex.Escape(before)}.*?{Regex.Escape(after)}</p>", "<p>(answer)</p>");
        Assert.NotEqual(page, withoutAnswer);
        var withoutReceipt = Regex.Replace(withoutAnswer, "<p class=\"note\">.*?</p>", "<p class=\"note\">(receipt)</p>");
        Assert.NotEqual(withoutAnswer, withoutReceipt);
        return withoutReceipt;
    }
}
