using System.Net;
using System.Text;
using CsatFunctions.Helpdesks.Notes;
using CsatFunctions.Settings;
using CsatFunctions.Storage;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Helpdesks.Zendesk;

/// <summary>
/// Write-back to Zendesk: each answer and each change of mind becomes one private comment on its
/// ticket, counted on a stub of Zendesk's API answering in its JSON; a repeat writes nothing twice,
/// a 429 is waited out, a deleted ticket's note is counted, listed and replayed.
/// </summary>
public sealed class ZendeskNoteTests(AzuriteFixture azurite) : HelpdeskTest(azurite), IAsyncDisposable
{
    private const string Ticket = "35436";
    private ZendeskApiStub zendesk = null!;

    public override async ValueTask InitializeAsync()
    {
        zendesk = await ZendeskApiStub.StartAsync();
        await base.InitializeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        await zendesk.DisposeAsync();
    }

    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        zendesk.WriteBackTo(settings);
        settings["Csat:Helpdesks:zendesk:BottomTag"] = "csat-follow-up";
    }

    [Fact]
    public async Task Each_answer_and_each_change_of_mind_becomes_one_private_note_with_rating_comment_and_desk_link()
    {
        var mail = await SurveyedAsync(Ticket);
        await RateAsync(mail, "unsatisfactory", "Nobody <b>called</b> back");
        var first = Assert.Single(await NotesAsync(1));

        var surveyId = SurveyMail.SurveyIdOf(mail);
        Assert.False(first["public"]!.GetValue<bool>());
        var html = first["html_body"]!.GetValue<string>();
        Assert.Contains("The customer rated the help on this ticket: <strong>Unsatisfactory</strong>", html);
        Assert.Contains("“Nobody &lt;b&gt;called&lt;/b&gt; back”", html);
        Assert.Contains($"<a href=\"{PipelineHost.PublicBaseUrl}/api/admin/desk#followup-{surveyId}\">", html);
        Assert.Contains(HelpdeskNoteText.MarkerPrefix + surveyId + ".", html);
        Assert.DoesNotContain("ann@example.org", html);
        Assert.DoesNotContain("Ann Example", html);
        var auth = zendesk.Api.RequestHeaders.First().Authorization.ToString();
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ZendeskApiStub.ApiUser}/token:{ZendeskApiStub.ApiToken}")), auth);
        await Eventually.TrueAsync(() => Task.FromResult(zendesk.Tags.TryGetValue(Ticket, out var tags) && !tags.IsEmpty), "the bottom answer's tag");
        Assert.Equal(["csat-follow-up"], zendesk.Tags[Ticket]);

        await RateAsync(mail, "excellent", null);
        var notes = await NotesAsync(2);

        var second = notes[1]["html_body"]!.GetValue<string>();
        Assert.Contains("The customer changed their answer to: <strong>Excellent</strong>", second);
        Assert.Contains($"{PipelineHost.PublicBaseUrl}/api/admin/desk#answers", second);
        Assert.NotEqual(Marker(first), Marker(notes[1]));
        await NotesSettledAsync();
        Assert.Equal(2, zendesk.NotesOn(Ticket).Count);
        Assert.Equal(0, zendesk.Api.Count("GET /api/v2/tickets/"));
    }

    [Fact]
    public async Task A_repeated_or_redelivered_message_writes_nothing_twice()
    {
        var mail = await SurveyedAsync(Ticket);
        await RateAsync(mail, "excellent", "Quick and kind");
        await NotesAsync(1);
        var survey = (await Stored("zendesk", Ticket))!;
        var queue = Host.Services.GetRequiredService<JsonQueue<HelpdeskNoteMessage>>();

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => queue.EnqueueAsync(new HelpdeskNoteMessage(survey.Id, survey.RatedAt!.Value), null, CancellationToken.None)));
        await NotesSettledAsync();

        Assert.Single(zendesk.NotesOn(Ticket));
        Assert.Equal(1, zendesk.Api.Count("PUT /api/v2/tickets/"));
    }

    [Fact]
    public async Task A_429_is_waited_out_for_its_retry_after_and_the_note_written_once()
    {
        zendesk.Api.Fault = VendorFault.RateLimited;
        zendesk.Api.FaultCount = 1;
        zendesk.Api.RetryAfterSeconds = 1;
        var mail = await SurveyedAsync(Ticket);

        await RateAsync(mail, "excellent", null);
        await NotesAsync(1);

        var puts = zendesk.Api.Timeline.Where(call => call.Request.StartsWith("PUT /api/v2/tickets/", StringComparison.Ordinal)).Select(call => call.At).ToList();
        Assert.Equal(2, puts.Count);
        Assert.True(puts[1] - puts[0] >= TimeSpan.FromSeconds(1), $"retried after {puts[1] - puts[0]}, sooner than Retry-After");
        await NotesSettledAsync();
        Assert.Single(zendesk.NotesOn(Ticket));
    }

    [Fact]
    public async Task A_deleted_tickets_note_is_counted_listed_on_the_desk_and_written_once_when_replayed()
    {
        zendesk.Deleted[Ticket] = true;
        var mail = await SurveyedAsync(Ticket);
        await RateAsync(mail, "satisfactory", null);

        await Eventually.TrueAsync(async () => (await Host.AdminAsync(HttpMethod.Get, "/api/admin/surveys/failed"))["refusedNotes"]!.GetValue<int>() == 1, "the refused note to be counted");
        var desk = await DeskAsync();
        Assert.Contains("Notes the helpdesks refused", desk);
        Assert.Contains($"<td class=\"text\">zendesk</td><td class=\"text\">{Ticket}</td>", desk);
        Assert.Contains("(404)", desk);
        Assert.DoesNotContain(ZendeskApiStub.ApiToken, desk);
        Assert.Empty(zendesk.NotesOn(Ticket));

        zendesk.Deleted.TryRemove(Ticket, out _);
        var replay = await Host.AdminAsync(HttpMethod.Post, "/api/admin/helpdesk-notes/refused/replay");
        await NotesAsync(1);

        Assert.Equal(1, replay["replayed"]!.GetValue<int>());
        Assert.Equal(0, (await Host.AdminAsync(HttpMethod.Get, "/api/admin/surveys/failed"))["refusedNotes"]!.GetValue<int>());
        Assert.Equal(0, (await Host.AdminAsync(HttpMethod.Post, "/api/admin/helpdesk-notes/refused/replay"))["replayed"]!.GetValue<int>());
        await NotesSettledAsync();
        Assert.Single(zendesk.NotesOn(Ticket));
        Assert.DoesNotContain("Notes the helpdesks refused", await DeskAsync());
    }

    [Fact]
    public async Task With_write_back_off_no_note_is_written()
    {
        await using var off = await PipelineHost.StartAsync(
            Azurite.ConnectionString,
            SendGrid,
            settings =>
            {
                Configure(settings);
                settings["Csat:Helpdesks:zendesk:WriteBack"] = "off";
            },
            clock: Host.Clock);
        var body = Fixture("Zendesk", "zendesk-solved.json");
        using (var response = await off.Http.SendAsync(Signed(body)))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var mail = (await SendGrid.WaitForAsync(1))[0];
        using (var rated = await off.Http.PostAsync(SurveyMail.PostPathFor(mail), new FormUrlEncodedContent([new("rating", "unsatisfactory"), new("comment", "Slow")])))
        {
            Assert.Equal(HttpStatusCode.OK, rated.StatusCode);
        }

        var queue = off.Services.GetRequiredService<JsonQueue<HelpdeskNoteMessage>>();
        Assert.Equal(0, (await queue.Client.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Empty(zendesk.Api.Requests);
    }

    [Fact]
    public void Write_back_without_the_api_credentials_stops_start_up_with_one_line_per_missing_key()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Csat:LinkSigningKey"] = PipelineHost.LinkSigningKeyText,
            ["Csat:Helpdesks:zendesk:Secret"] = ZendeskSecret,
            ["Csat:Helpdesks:zendesk:WriteBack"] = "note",
            ["Csat:Helpdesks:zendesk:ApiUser"] = ZendeskApiStub.ApiUser,
            ["Csat:Helpdesks:whmcs:Secret"] = PipelineHost.WebhookSecretText,
            ["Csat:Helpdesks:whmcs:WriteBack"] = "note",
        }).Build();

        var problems = Assert.Throws<SettingsException>(() => CsatSettings.Read(config)).Problems;

        Assert.Equal(
            ["Csat__Helpdesks__whmcs__WriteBack", "Csat__Helpdesks__zendesk__ApiToken", "Csat__Helpdesks__zendesk__ApiUrl"],
            problems.Select(problem => problem.Split(' ')[0]).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(problems, problem => problem.Contains(ZendeskApiStub.ApiUser, StringComparison.Ordinal));
    }

    private static string Marker(System.Text.Json.Nodes.JsonObject note) =>
        note["body"]!.GetValue<string>().Split('\n').Last(line => line.StartsWith(HelpdeskNoteText.MarkerPrefix, StringComparison.Ordinal));

    private async Task<ReceivedMail> SurveyedAsync(string ticket)
    {
        var body = Fixture("Zendesk", "zendesk-solved.json").Replace("35436", ticket, StringComparison.Ordinal);
        using var response = await Host.Http.SendAsync(Signed(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await SendGrid.WaitForAsync(1))[0];
    }

    private HttpRequestMessage Signed(string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets/resolved/zendesk") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in ZendeskWebhookTests.Signed(body, ZendeskSecret, Host.Clock.GetUtcNow(), Guid.NewGuid().ToString("N")))
        {
            request.Headers.Add(name, value);
        }

        return request;
    }

    private async Task RateAsync(ReceivedMail mail, string rating, string? comment)
    {
        var fields = new Dictionary<string, string> { ["rating"] = rating };
        if (comment is not null)
        {
            fields["comment"] = comment;
        }

        using var response = await Host.Http.PostAsync(SurveyMail.PostPathFor(mail), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<IReadOnlyList<System.Text.Json.Nodes.JsonObject>> NotesAsync(int count)
    {
        await Eventually.TrueAsync(() => Task.FromResult(zendesk.NotesOn(Ticket).Count >= count), $"{count} note(s) on the ticket");
        return zendesk.NotesOn(Ticket);
    }

    /// <summary>Every note message handled, hidden ones (a retry, a look again) included.</summary>
    private Task NotesSettledAsync() =>
        Eventually.TrueAsync(
            async () => (await Host.Services.GetRequiredService<JsonQueue<HelpdeskNoteMessage>>().Client.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
            "the note queue to settle");

    private async Task<string> DeskAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/desk");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", PipelineHost.AdminKey);
        using var response = await Host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
