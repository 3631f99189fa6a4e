using System.Net;
using System.Text;
using CsatFunctions.Helpdesks;
using CsatFunctions.Settings;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace CsatFunctions.Tests.Helpdesks.Jira;

/// <summary>Jira Service Management's note writer against a stub of its APIs over real HTTP: an internal comment, found again by its marker, and a bottom answer's transition and label.</summary>
public sealed class JiraNotesTests : IAsyncLifetime
{
    private readonly JiraRequests requests = new();
    private readonly HttpClient http = new();
    private VendorApiStub api = null!;

    private static CsatFunctions.Helpdesks.Notes.HelpdeskNoteWriter Writer => HelpdeskFormats.Find("jira")!.Notes!;

    public async ValueTask InitializeAsync()
    {
        api = await VendorApiStub.StartAsync(app => JiraNotesApi.Map(app, requests), JiraNotesApi.ErrorBody);
        requests.Add("HELP-12", comments: 2, "printer");
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await api.DisposeAsync();
    }

    [Fact]
    public async Task The_customers_words_are_sent_between_noformat_so_jira_renders_no_mention_link_or_formatting_from_them()
    {
        const string hostile = "[~accountid:5b10a2844c20165700ede21g] see [here|https://evil.example] *now* {noformat}{code}";
        var survey = new CsatFunctions.Surveys.Survey("s-7f3a", "jira", "HELP-12", "ann@example.org", "Ann", null, null, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)
        {
            Rating = CsatFunctions.Surveys.Rating.Unsatisfactory,
            Comment = hostile,
            RatedAt = DateTimeOffset.UnixEpoch.AddDays(1),
        };
        var note = new CsatFunctions.Helpdesks.Notes.HelpdeskNoteText(new CsatFunctions.CsatOptions { LinkSigningKeys = new CsatFunctions.Surveys.LinkSigningKeys(Convert.FromBase64String(PipelineHost.LinkSigningKeyText)) }).Of(survey);

        await Writer.WriteAsync(note, Call(), TestContext.Current.CancellationToken);

        var body = Assert.Single(requests.Internal("HELP-12"))["body"]!.GetValue<string>();
        var quoted = "{noformat}" + hostile.Replace("{noformat}", "", StringComparison.Ordinal) + "{noformat}";
        Assert.Contains(quoted, body, StringComparison.Ordinal);
        Assert.Equal(2, body.Split("{noformat}").Length - 1);
        Assert.DoesNotContain("ann@example.org", body, StringComparison.Ordinal);
        Assert.True(await Writer.ExistsAsync(note, Call(), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_answer_becomes_one_internal_comment_with_the_comment_and_the_marker_sent_as_the_account()
    {
        var note = AnsweredNote.For("HELP-12");

        await Writer.WriteAsync(note, Call(), TestContext.Current.CancellationToken);

        var body = Assert.Single(requests.Internal("HELP-12"))["body"]!.GetValue<string>();
        Assert.Contains(AnsweredNote.Comment, body, StringComparison.Ordinal);
        Assert.Contains(note.Marker, body, StringComparison.Ordinal);
        Assert.Equal("POST /rest/servicedeskapi/request/HELP-12/comment", Assert.Single(api.Requests));
        var headers = api.RequestHeaders.Single();
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{JiraRequests.User}:{JiraRequests.Token}")), headers.Authorization.ToString());
        Assert.False(headers.ContainsKey("X-ExperimentalApi"));
    }

    [Fact]
    public async Task Only_internal_comments_are_read_back_page_after_page_until_the_last()
    {
        requests.Add("HELP-13", comments: 0);
        for (var n = 0; n < 120; n++)
        {
            await Writer.WriteAsync(AnsweredNote.For("HELP-13", $"s-other.{n}"), Call(), TestContext.Current.CancellationToken);
        }

        var note = AnsweredNote.For("HELP-13");
        await Writer.WriteAsync(note, Call(), TestContext.Current.CancellationToken);

        Assert.True(await Writer.ExistsAsync(note, Call(), TestContext.Current.CancellationToken));
        Assert.False(await Writer.ExistsAsync(AnsweredNote.For("HELP-12"), Call(), TestContext.Current.CancellationToken));
        Assert.Equal(
            ["start=0", "start=50", "start=100"],
            api.Requests.Where(r => r.StartsWith("GET /rest/servicedeskapi/request/HELP-13/comment?public=false&internal=true&", StringComparison.Ordinal)).Select(r => r.Split('&')[2]));
    }

    [Fact]
    public async Task A_deleted_request_is_a_404_and_a_throttled_call_a_429_with_retry_after()
    {
        var gone = await Assert.ThrowsAsync<HelpdeskApiException>(() => Writer.WriteAsync(AnsweredNote.For("HELP-404"), Call(), TestContext.Current.CancellationToken));
        var goneToo = await Assert.ThrowsAsync<HelpdeskApiException>(() => Writer.ExistsAsync(AnsweredNote.For("HELP-404"), Call(), TestContext.Current.CancellationToken));
        (api.Fault, api.FaultCount, api.RetryAfterSeconds) = (VendorFault.RateLimited, 1, 9);
        var throttled = await Assert.ThrowsAsync<HelpdeskApiException>(() => Writer.WriteAsync(AnsweredNote.For("HELP-12"), Call(), TestContext.Current.CancellationToken));

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (gone.Status, goneToo.Status));
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.Status);
        Assert.Equal(TimeSpan.FromSeconds(9), throttled.Headers?.RetryAfter?.Delta);
        Assert.Empty(requests.Internal("HELP-12"));
    }

    [Fact]
    public async Task A_bottom_answer_reopens_the_request_once_and_adds_the_label_beside_its_own()
    {
        var call = Call(("BottomTransition", JiraRequests.Reopen), ("BottomTag", "csat-follow-up"));

        await Writer.MarkBottomAsync(AnsweredNote.For("HELP-12", atBottom: true), call, TestContext.Current.CancellationToken);
        await Writer.MarkBottomAsync(AnsweredNote.For("HELP-12", atBottom: true), call, TestContext.Current.CancellationToken);

        var request = requests.All["HELP-12"];
        Assert.Equal("In Progress", request.Status);
        Assert.Equal(["printer", "csat-follow-up"], request.Labels);
        Assert.Equal(1, api.Count("POST /rest/api/3/issue/HELP-12/transitions"));
    }

    [Fact]
    public void Start_up_reads_the_api_and_stops_on_a_user_that_is_no_email_a_label_with_a_space_or_a_transition_name()
    {
        var settings = CsatSettings.Read(Config(
            ("Csat:Helpdesks:jira:ApiUrl", "https://acme.atlassian.net"),
            ("Csat:Helpdesks:jira:ApiUser", JiraRequests.User),
            ("Csat:Helpdesks:jira:ApiToken", JiraRequests.Token),
            ("Csat:Helpdesks:jira:BottomTransition", "21")));
        var problems = Assert.Throws<SettingsException>(() => CsatSettings.Read(Config(
            ("Csat:Helpdesks:jira:ApiUrl", "https://acme.atlassian.net"),
            ("Csat:Helpdesks:jira:ApiUser", "csat-bot"),
            ("Csat:Helpdesks:jira:ApiToken", JiraRequests.Token),
            ("Csat:Helpdesks:jira:BottomTag", "csat follow-up"),
            ("Csat:Helpdesks:jira:BottomTransition", "Reopen")))).Problems;

        Assert.Equal(JiraRequests.Token, settings.Csat.Helpdesks["jira"]["ApiToken"]);
        Assert.Empty(settings.Warnings);
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Csat__Helpdesks__jira__ApiUser must be the email address", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Csat__Helpdesks__jira__BottomTag must be one Jira label", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Csat__Helpdesks__jira__BottomTransition must be a workflow transition id", StringComparison.Ordinal));
    }

    private HelpdeskCall Call(params (string Setting, string? Value)[] extra) =>
        AnsweredNote.Call("jira", http, [("ApiUrl", api.BaseUrl.AbsoluteUri), ("ApiUser", JiraRequests.User), ("ApiToken", JiraRequests.Token), .. extra]);

    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Append((Key: "Csat:LinkSigningKey", Value: (string?)"dGVzdC1saW5rLXNpZ25pbmcta2V5LXRoaXJ0eS10d28tYnl0ZXMhIQ==")).ToDictionary(v => v.Key, v => v.Value)).Build();
}
