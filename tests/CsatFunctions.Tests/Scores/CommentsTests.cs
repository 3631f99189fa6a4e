using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Scores;

/// <summary>Comments customers allow us to publish: consent on the form, the public document and page, and the team's moderation.</summary>
public sealed class CommentsTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    [Fact]
    public async Task Consented_comments_are_published_whatever_their_rating_and_removed_only_with_a_reason_that_shows()
    {
        var mails = await SurveysAsync(("T-ANN", "Ann Davis"), ("T-BOB", "Bob Stone"), ("T-CY", "Cy"));
        using var form = await Host.Http.GetAsync(SurveyMail.LinkFor(mails["T-ANN"], "excellent"));
        var formHtml = await form.Content.ReadAsStringAsync();
        Assert.Contains("<input type=\"checkbox\" name=\"publish\" value=\"on\"> You may publish my comment with my first name", formHtml);

        await RateAsync(mails["T-ANN"], "unsatisfactory", "Waited two days for a reply.", publish: true);
        await RateAsync(mails["T-BOB"], "excellent", "Great, but keep this private.", publish: false);
        await RateAsync(mails["T-CY"], "satisfactory", "<script>alert(1)</script> fine", publish: true);
        await Host.RefreshScoreAsync();

        using var response = await Host.Http.GetAsync("/api/score/comments");
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(1, document["schemaVersion"]!.GetValue<int>());
        var comments = document["comments"]!.AsArray();
        Assert.Equal([null, "Ann"], comments.Select(c => c!["author"]?.GetValue<string>()));
        Assert.Equal(["satisfactory", "unsatisfactory"], comments.Select(c => c!["rating"]!.GetValue<string>()));
        Assert.DoesNotContain("keep this private", document.ToJsonString());
        using var revalidated = new HttpRequestMessage(HttpMethod.Get, "/api/score/comments");
        revalidated.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await Host.Http.SendAsync(revalidated)).StatusCode);

        var ann = SurveyMail.SurveyIdOf(mails["T-ANN"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await ModerateAsync($"/api/admin/comments/{ann}/remove", "unflattering")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await ModerateAsync($"/api/admin/comments/{ann}/remove", "spam")).StatusCode);
        await Host.RefreshScoreAsync();

        var moderated = JsonNode.Parse(await Host.Http.GetStringAsync("/api/score/comments"))!;
        Assert.Equal("spam", moderated["comments"]![1]!["removed"]!.GetValue<string>());
        Assert.Null(moderated["comments"]![1]!["comment"]);
        Assert.Equal(1, moderated["removedByReason"]!["spam"]!.GetValue<int>());
        var page = await Host.Http.GetStringAsync("/api/score/page");
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; fine", page);
        Assert.Contains("Among the comments we hold now, removed only for these reasons: 1 for spam.", page);
        Assert.DoesNotContain("Waited two days", page);

        Assert.Equal(HttpStatusCode.NoContent, (await ModerateAsync($"/api/admin/comments/{ann}/restore", null)).StatusCode);

        // A later answer without consent takes the comment away.
        await RateAsync(mails["T-CY"], "excellent", "Changed my mind.", publish: false);
        await Host.RefreshScoreAsync();
        var restored = JsonNode.Parse(await Host.Http.GetStringAsync("/api/score/comments"))!["comments"]!.AsArray();
        Assert.Equal(["Waited two days for a reply."], restored.Select(c => c!["comment"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_script_moderates_with_a_json_body_and_gets_a_json_answer()
    {
        var mails = await SurveysAsync(("T-DEE", "Dee"));
        await RateAsync(mails["T-DEE"], "excellent", "Call me on 555-0100.", publish: true);
        var dee = SurveyMail.SurveyIdOf(mails["T-DEE"]);

        using var wrongType = await ModerateWithJsonAsync($"/api/admin/comments/{dee}/remove", """{"reason": 7}""");
        using var removed = await ModerateWithJsonAsync($"/api/admin/comments/{dee}/remove", """{"reason": "personal-data"}""");
        await Host.RefreshScoreAsync();
        var moderated = JsonNode.Parse(await Host.Http.GetStringAsync("/api/score/comments"))!["comments"]![0]!;
        using var restored = await ModerateWithJsonAsync($"/api/admin/comments/{dee}/restore", "{}");
        await Host.RefreshScoreAsync();

        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Equal("application/problem+json", wrongType.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal("personal-data", moderated["removed"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, restored.StatusCode);
        Assert.Equal("Call me on 555-0100.", JsonNode.Parse(await Host.Http.GetStringAsync("/api/score/comments"))!["comments"]![0]!["comment"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_published_comment_carries_the_customers_first_name_or_no_name_never_more()
    {
        var names = new (string Ticket, string Name, string? Published)[]
        {
            ("N-1", "Ann Davis", "Ann"),
            ("N-2", "Davis, Ann", "Ann"),
            ("N-3", "Davis, A.", null),
            ("N-4", "Prince", null),
            ("N-5", "ann.davis@example.net", null),
            ("N-6", "Dr. Ben Stone", "Ben"),
            ("N-7", "Mr Stone", null),
            ("N-8", "Anne-Marie O'Neil", "Anne-Marie"),
            ("N-9", "J. Smith", null),
            ("N-10", "Ops Team 2", null),
        };
        var mails = await SurveysAsync([.. names.Select(n => (n.Ticket, n.Name))]);
        foreach (var (ticket, _, _) in names)
        {
            await RateAsync(mails[ticket], "excellent", $"Comment on {ticket}.", publish: true);
        }

        await Host.RefreshScoreAsync();
        var document = await Host.Http.GetStringAsync("/api/score/comments");
        var authors = JsonNode.Parse(document)!["comments"]!.AsArray().ToDictionary(c => c!["comment"]!.GetValue<string>(), c => c!["author"]?.GetValue<string>());
        var page = await Host.Http.GetStringAsync("/api/score/page");

        Assert.Equal(names.ToDictionary(n => $"Comment on {n.Ticket}.", n => n.Published), authors);
        foreach (var surname in new[] { "Davis", "Prince", "Stone", "O'Neil", "O&#39;Neil", "Smith", "Ops Team", "example.net", "J." })
        {
            Assert.DoesNotContain(surname, document);
            Assert.DoesNotContain(surname, page);
        }

        Assert.Contains("A customer, ", page);
    }

    private async Task<Dictionary<string, ReceivedMail>> SurveysAsync(params (string Ticket, string Name)[] tickets)
    {
        foreach (var (ticket, name) in tickets)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(PipelineHost.Ticket(ticket, $"{ticket.ToLowerInvariant()}@example.org", name))).StatusCode);
        }

        var mails = (await SendGrid.WaitForAsync(tickets.Length)).ToDictionary(SurveyMail.ToAddressOf);
        return tickets.ToDictionary(t => t.Ticket, t => mails[$"{t.Ticket.ToLowerInvariant()}@example.org"]);
    }

    private async Task RateAsync(ReceivedMail mail, string rating, string comment, bool publish)
    {
        List<KeyValuePair<string, string>> fields = [new("rating", rating), new("comment", comment)];
        if (publish)
        {
            fields.Add(new("publish", "on"));
        }

        using var response = await Host.Http.PostAsync(SurveyMail.PostPathFor(mail), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>As a script posts: a JSON body, the bearer key, and no Accept header.</summary>
    private async Task<HttpResponseMessage> ModerateWithJsonAsync(string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PipelineHost.AdminKey);
        return await Host.Http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> ModerateAsync(string path, string? reason)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(reason is null ? [] : [new("reason", reason)]) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PipelineHost.AdminKey);
        request.Headers.Accept.ParseAdd("application/json");
        return await Host.Http.SendAsync(request);
    }
}
