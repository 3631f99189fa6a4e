using System.Net;
using System.Text.Json.Nodes;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Ratings;

/// <summary>What a customer sees and does after clicking a rating link.</summary>
public sealed class RatingPageTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    private ReceivedMail mail = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await Host.SendTicketAsync(PipelineHost.Ticket("T-1", "ann@example.org", "Ann", "<script>alert('subject')</script>"));
        mail = (await SendGrid.WaitForAsync(1))[0];
    }

    [Fact]
    public async Task The_link_shows_the_chosen_rating_to_confirm_and_records_nothing()
    {
        using var response = await Host.Http.GetAsync(SurveyMail.LinkFor(mail, "satisfactory"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<h1>You chose: Satisfactory</h1>", html);
        Assert.Contains("value=\"satisfactory\" checked>", html);
        Assert.Contains("&lt;script&gt;alert(&#39;subject&#39;)&lt;/script&gt;", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Null((await Survey()).Rating);
    }

    [Fact]
    public async Task Pages_forbid_framing_sniffing_scripts_and_leaking_the_link_as_a_referrer()
    {
        using var response = await Host.Http.GetAsync(SurveyMail.LinkFor(mail, "excellent"));

        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.True(response.Headers.CacheControl!.NoStore, "a page about one customer's survey must not be stored");
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
    }

    [Fact]
    public async Task Confirming_records_the_rating_and_comment_and_thanks_the_customer_with_the_comment_escaped()
    {
        using var response = await Post(("rating", "excellent"), ("comment", "Fast <img src=x onerror=alert(1)> & kind"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Thank you!", html);
        Assert.Contains("Fast &lt;img src=x onerror=alert(1)&gt; &amp; kind", html);
        Assert.DoesNotContain("<img", html);
        var survey = await Survey();
        Assert.Equal(Rating.Excellent, survey.Rating);
        Assert.Equal("Fast <img src=x onerror=alert(1)> & kind", survey.Comment);
    }

    [Fact]
    public async Task The_latest_answer_replaces_rating_and_comment()
    {
        (await Post(("rating", "unsatisfactory"), ("comment", "Slow"))).Dispose();
        using var response = await Post(json: true, ("rating", "satisfactory"));

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse($$"""{"surveyId":"{{SurveyMail.SurveyIdOf(mail)}}","rating":"satisfactory","comment":null,"reasons":[]}"""),
            JsonNode.Parse(await response.Content.ReadAsStringAsync())));
        var survey = await Survey();
        Assert.Equal(Rating.Satisfactory, survey.Rating);
        Assert.Null(survey.Comment);
    }

    [Theory]
    [InlineData("great")]
    [InlineData("")]
    [InlineData("Excellent")]
    public async Task An_unknown_rating_is_refused_with_the_form_shown_again(string rating)
    {
        using var response = await Post(("rating", rating), ("comment", "kept"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Please choose one of the answers.", html);
        Assert.Contains(">kept</textarea>", html);
        Assert.Null((await Survey()).Rating);
    }

    [Fact]
    public async Task An_unknown_rating_answers_problem_json_to_api_clients()
    {
        using var response = await Post(json: true, ("rating", "great"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!["rating"]);
    }

    [Fact]
    public async Task Comments_may_be_2000_characters_but_not_2001()
    {
        using var tooLong = await Post(("rating", "excellent"), ("comment", new string('é', 2001)));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Null((await Survey()).Rating);

        using var longest = await Post(("rating", "excellent"), ("comment", new string('é', 2000)));
        Assert.Equal(HttpStatusCode.OK, longest.StatusCode);
        Assert.Equal(2000, (await Survey()).Comment!.Length);
    }

    [Fact]
    public async Task A_tampered_link_gets_a_friendly_400_page()
    {
        var link = SurveyMail.LinkFor(mail, "excellent");
        var tampered = link.Replace(SurveyMail.SurveyIdOf(mail), SurveyId.New(), StringComparison.Ordinal);

        using var get = await Host.Http.GetAsync(tampered);
        using var post = await Host.Http.PostAsync(tampered.Split('?')[0], new FormUrlEncodedContent([new("rating", "excellent")]));

        Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
        Assert.Contains("This rating link is not valid", await get.Content.ReadAsStringAsync());
        Assert.Equal("text/html", get.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
    }

    [Fact]
    public async Task An_expired_link_gets_a_friendly_410_page_and_records_nothing()
    {
        var links = new RatingLink(new LinkSigningKeys(Convert.FromBase64String(PipelineHost.LinkSigningKeyText)));
        var expired = links.CreateToken(SurveyMail.SurveyIdOf(mail), Host.Clock.GetUtcNow().AddMinutes(-1));

        using var get = await Host.Http.GetAsync($"/api/ratings/{expired}?rating=excellent");
        using var post = await Host.Http.PostAsync($"/api/ratings/{expired}", new FormUrlEncodedContent([new("rating", "excellent")]));

        Assert.Equal(HttpStatusCode.Gone, get.StatusCode);
        Assert.Contains("This rating link has expired", await get.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Gone, post.StatusCode);
        Assert.Null((await Survey()).Rating);
    }

    [Fact]
    public async Task A_validly_signed_link_to_a_survey_that_does_not_exist_is_refused()
    {
        var links = new RatingLink(new LinkSigningKeys(Convert.FromBase64String(PipelineHost.LinkSigningKeyText)));
        var token = links.CreateToken(SurveyId.New(), Host.Clock.GetUtcNow().AddDays(1));

        using var response = await Host.Http.GetAsync($"/api/ratings/{token}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<HttpResponseMessage> Post(params (string Name, string Value)[] fields) => await Post(false, fields);

    private async Task<HttpResponseMessage> Post(bool json, params (string Name, string Value)[] fields)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, SurveyMail.PostPathFor(mail))
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
        };
        if (json)
        {
            request.Headers.Accept.ParseAdd("application/json");
        }

        return await Host.Http.SendAsync(request);
    }

    private async Task<Survey> Survey() =>
        (await Host.Services.GetRequiredService<SurveyTable>().GetAsync(SurveyMail.SurveyIdOf(mail), CancellationToken.None))!.Survey;
}
