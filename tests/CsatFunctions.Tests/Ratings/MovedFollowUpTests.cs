using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Ratings;

/// <summary>
/// A ticket asked again after a reopen (<c>Csat__ReopenAfterEmail=ask-again</c>) and resolved on a
/// later day moves its survey to that day: what is kept under the day goes with it, so the team's
/// follow-up stays one, where the desk changes it and erasure finds it, and the answer's tags count there.
/// </summary>
public sealed class MovedFollowUpTests(AzuriteFixture azurite)
{
    private readonly MidMonthClock clock = new();

    [Fact]
    public async Task A_follow_up_and_its_tags_move_with_the_survey_so_the_desk_keeps_one_and_erasure_removes_its_note()
    {
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var host = await PipelineHost.StartAsync(
            azurite.ConnectionString,
            sendGrid,
            settings => (settings["Csat:SendDelay"], settings["Csat:ReopenAfterEmail"]) = ("PT0S", "ask-again"),
            clock: clock,
            longestQueueDelay: TimeSpan.FromMilliseconds(300));
        var firstDay = Day(clock.GetUtcNow());
        var mail = await host.SurveyEmailForAsync(sendGrid, PipelineHost.Ticket("M-1", "mia@example.org", "Mia Ford", resolvedAt: clock.GetUtcNow()));
        var surveyId = SurveyMail.SurveyIdOf(mail);
        await host.AnswerAsync(mail, "unsatisfactory");
        Assert.Equal(firstDay, Single(await FollowUpsAsync(host))["resolvedDay"]!.GetValue<string>());
        await ExpectOkAsync(await SendAsync(host, HttpMethod.Post, $"/api/admin/followups/{surveyId}", """{"status": "contacted", "owner": "Dana", "note": "Called Mia Ford at home"}"""));
        await ExpectOkAsync(await SendAsync(host, HttpMethod.Put, $"/api/admin/ratings/{surveyId}/tags", """{"tags": ["Outage"]}"""));

        // Reopened, and resolved again three days later: asked again, and moved to that day.
        var body = JsonNode.Parse(PipelineHost.Ticket("M-1", "mia@example.org", "Mia Ford"))!;
        (body["status"], body["reopenedAt"]) = ("reopened", clock.GetUtcNow().ToString("O"));
        using (var reopened = await host.SendTicketAsync(body.ToJsonString()))
        {
            Assert.Equal("reopened", JsonNode.Parse(await reopened.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
        }

        clock.Advance(TimeSpan.FromDays(3));
        var secondDay = Day(clock.GetUtcNow());
        var again = await host.SurveyEmailForAsync(sendGrid, PipelineHost.Ticket("M-1", "mia@example.org", "Mia Ford", resolvedAt: clock.GetUtcNow()));
        await host.WaitForQueueDrainedAsync();

        // One follow-up, now under the new day, with the team's work on it.
        var moved = Single(await FollowUpsAsync(host));
        Assert.Equal((secondDay, "contacted", "Called Mia Ford at home"), (moved["resolvedDay"]!.GetValue<string>(), moved["status"]!.GetValue<string>(), moved["note"]!.GetValue<string>()));

        // The desk still moves it along, and a new answer at the bottom opens no second one.
        await ExpectOkAsync(await SendAsync(host, HttpMethod.Post, $"/api/admin/followups/{surveyId}", """{"status": "resolved", "owner": "Dana", "note": "Refund agreed with Mia Ford"}"""));
        await host.AnswerAsync(again, "unsatisfactory");
        var updated = Single(await FollowUpsAsync(host));
        Assert.Equal((secondDay, "resolved", "Refund agreed with Mia Ford"), (updated["resolvedDay"]!.GetValue<string>(), updated["status"]!.GetValue<string>(), updated["note"]!.GetValue<string>()));

        // The answer's tag counts on the new day, and only there.
        await host.RefreshScoreAsync();
        var byTag = (await host.AdminAsync(HttpMethod.Get, $"/api/admin/reports?from={secondDay}&to={secondDay}"))["byTag"]!.AsObject();
        Assert.Equal(["Outage"], byTag.Select(tag => tag.Key));
        Assert.Empty((await host.AdminAsync(HttpMethod.Get, $"/api/admin/reports?from={firstDay}&to={firstDay}"))["byTag"]!.AsObject());

        // Erasing the customer's data takes the team's note, which names her, off the one follow-up.
        await ExpectOkAsync(await SendAsync(host, HttpMethod.Delete, "/api/admin/customers/mia@example.org", null));
        var erased = Single(await FollowUpsAsync(host));
        Assert.Equal(("resolved", "", ""), (erased["status"]!.GetValue<string>(), erased["note"]!.GetValue<string>(), erased["ticketId"]!.GetValue<string>()));
    }

    private static JsonNode Single(JsonArray items) => Assert.Single(items)!;

    private static async Task<JsonArray> FollowUpsAsync(PipelineHost host) => (await host.AdminAsync(HttpMethod.Get, "/api/admin/followups"))["items"]!.AsArray();

    private static Task<HttpResponseMessage> SendAsync(PipelineHost host, HttpMethod method, string path, string? json)
    {
        var request = new HttpRequestMessage(method, path) { Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PipelineHost.AdminKey);
        return host.Http.SendAsync(request);
    }

    private static async Task ExpectOkAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage!.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
