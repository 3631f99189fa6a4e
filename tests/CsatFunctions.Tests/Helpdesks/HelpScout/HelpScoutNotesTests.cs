using System.Net;
using CsatFunctions.Helpdesks;
using CsatFunctions.Helpdesks.HelpScout;
using CsatFunctions.Settings;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace CsatFunctions.Tests.Helpdesks.HelpScout;

/// <summary>Help Scout's note writer against a stub of its API over real HTTP: a note thread, one token for many calls, and a bottom answer's status and tag.</summary>
public sealed class HelpScoutNotesTests : IAsyncLifetime
{
    private readonly HelpScoutMailbox mailbox = new();
    private readonly HttpClient http = new();
    private readonly HelpScoutNotes writer = new();
    private VendorApiStub api = null!;

    public async ValueTask InitializeAsync()
    {
        api = await VendorApiStub.StartAsync(app => HelpScoutNotesApi.Map(app, mailbox), HelpScoutNotesApi.ErrorBody);
        mailbox.Add("4711", replies: 2, "vip");
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await api.DisposeAsync();
    }

    [Fact]
    public async Task The_answer_becomes_one_note_thread_and_one_token_serves_every_call()
    {
        var note = AnsweredNote.For("4711", atBottom: true);
        var call = Call(("BottomStatus", "active"));

        await writer.WriteAsync(note, call, TestContext.Current.CancellationToken);
        Assert.True(await writer.ExistsAsync(note, call, TestContext.Current.CancellationToken));
        await writer.MarkBottomAsync(note, call, TestContext.Current.CancellationToken);

        var body = Assert.Single(mailbox.Notes("4711"))["body"]!.GetValue<string>();
        Assert.Contains(note.Marker, body, StringComparison.Ordinal);
        Assert.Contains("Fixed in &lt;b&gt;minutes&lt;/b&gt; &amp; &quot;no fuss&quot;", body, StringComparison.Ordinal);
        Assert.Equal(1, api.Count("POST /v2/oauth2/token"));
        Assert.Equal(5, api.Requests.Count);
        Assert.All(api.RequestHeaders.Skip(1), headers => Assert.StartsWith("Bearer ", headers.Authorization.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_note_buried_under_later_threads_is_found_on_its_page_and_another_answer_is_not()
    {
        var note = AnsweredNote.For("4711");
        await writer.WriteAsync(note, Call(), TestContext.Current.CancellationToken);
        mailbox.AddReplies("4711", 2 * HelpScoutNotesApi.PageSize);

        Assert.True(await writer.ExistsAsync(note, Call(), TestContext.Current.CancellationToken));
        Assert.False(await writer.ExistsAsync(AnsweredNote.For("4711", "s-7f3a.638712345678911111"), Call(), TestContext.Current.CancellationToken));

        Assert.Equal(2, api.Count("GET /v2/conversations/4711/threads?page=3"));
        Assert.Equal(0, api.Count("GET /v2/conversations/4711/threads?page=4"));
    }

    [Fact]
    public async Task A_revoked_token_is_renewed_once_and_the_note_still_written()
    {
        await writer.ExistsAsync(AnsweredNote.For("4711"), Call(), TestContext.Current.CancellationToken);
        mailbox.Tokens.Clear();

        await writer.WriteAsync(AnsweredNote.For("4711"), Call(), TestContext.Current.CancellationToken);

        Assert.Single(mailbox.Notes("4711"));
        Assert.Equal(2, api.Count("POST /v2/oauth2/token"));
    }

    [Fact]
    public async Task Credentials_help_scout_refuses_are_a_401_and_nothing_is_written()
    {
        var refused = await Assert.ThrowsAsync<HelpdeskApiException>(() =>
            writer.WriteAsync(AnsweredNote.For("4711"), AnsweredNote.Call("helpscout", http, ("ApiUrl", api.BaseUrl.AbsoluteUri), ("ClientId", HelpScoutMailbox.AppId), ("ClientSecret", "wrong")), TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Empty(mailbox.Notes("4711"));
    }

    [Fact]
    public async Task A_deleted_conversation_is_a_404_and_a_throttled_call_a_429_with_help_scouts_retry_after()
    {
        var gone = await Assert.ThrowsAsync<HelpdeskApiException>(() => writer.WriteAsync(AnsweredNote.For("404"), Call(), TestContext.Current.CancellationToken));
        var goneToo = await Assert.ThrowsAsync<HelpdeskApiException>(() => writer.ExistsAsync(AnsweredNote.For("404"), Call(), TestContext.Current.CancellationToken));
        mailbox.ThrottleNextFor = 7;
        var throttled = await Assert.ThrowsAsync<HelpdeskApiException>(() => writer.WriteAsync(AnsweredNote.For("4711"), Call(), TestContext.Current.CancellationToken));

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (gone.Status, goneToo.Status));
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.Status);
        Assert.Equal(["7"], throttled.Headers!.GetValues("X-RateLimit-Retry-After"));
        Assert.Empty(mailbox.Notes("4711"));
    }

    [Fact]
    public async Task A_bottom_answer_reopens_the_conversation_and_adds_the_tag_beside_its_own_once()
    {
        var call = Call(("BottomStatus", "active"), ("BottomTag", "csat-follow-up"));

        await writer.MarkBottomAsync(AnsweredNote.For("4711", atBottom: true), call, TestContext.Current.CancellationToken);
        await writer.MarkBottomAsync(AnsweredNote.For("4711", atBottom: true), call, TestContext.Current.CancellationToken);

        var conversation = mailbox.All["4711"].Conversation;
        Assert.Equal("active", conversation["status"]!.GetValue<string>());
        Assert.Equal(["vip", "csat-follow-up"], conversation["tags"]!.AsArray().Select(t => t!["tag"]!.GetValue<string>()));
        Assert.Equal((1, 1), (api.Count("PATCH /v2/conversations/4711"), api.Count("PUT /v2/conversations/4711/tags")));
    }

    [Fact]
    public void Start_up_reads_the_app_without_an_api_url_and_stops_on_half_an_app_or_an_unknown_status()
    {
        var settings = CsatSettings.Read(Config(
            ("Csat:Helpdesks:helpscout:ClientId", HelpScoutMailbox.AppId),
            ("Csat:Helpdesks:helpscout:ClientSecret", HelpScoutMailbox.AppSecret),
            ("Csat:Helpdesks:helpscout:BottomStatus", "active")));
        var problems = Assert.Throws<SettingsException>(() => CsatSettings.Read(Config(
            ("Csat:Helpdesks:helpscout:ClientId", HelpScoutMailbox.AppId),
            ("Csat:Helpdesks:helpscout:BottomStatus", "open")))).Problems;

        Assert.Equal(HelpScoutMailbox.AppSecret, settings.Csat.Helpdesks["helpscout"]["ClientSecret"]);
        Assert.Empty(settings.Warnings);
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Csat__Helpdesks__helpscout__ClientId must be on one line, set with Csat__Helpdesks__helpscout__ClientSecret", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Csat__Helpdesks__helpscout__BottomStatus must be one of active, pending, closed", StringComparison.Ordinal));
    }

    private HelpdeskCall Call(params (string Setting, string? Value)[] extra) =>
        AnsweredNote.Call("helpscout", http, [("ApiUrl", api.BaseUrl.AbsoluteUri), ("ClientId", HelpScoutMailbox.AppId), ("ClientSecret", HelpScoutMailbox.AppSecret), .. extra]);

    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Append((Key: "Csat:LinkSigningKey", Value: (string?)"dGVzdC1saW5rLXNpZ25pbmcta2V5LXRoaXJ0eS10d28tYnl0ZXMhIQ==")).ToDictionary(v => v.Key, v => v.Value)).Build();
}
