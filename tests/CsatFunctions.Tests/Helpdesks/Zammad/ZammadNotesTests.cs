using System.Net;
using CsatFunctions.Helpdesks;
using CsatFunctions.Helpdesks.Notes;
using CsatFunctions.Helpdesks.Zammad;
using CsatFunctions.Settings;
using CsatFunctions.Tests.Infrastructure;
using CsatFunctions.Web;
using Microsoft.Extensions.Configuration;

namespace CsatFunctions.Tests.Helpdesks.Zammad;

/// <summary>
/// Zammad's note writer against a stub of its article, ticket and tag routes, over real HTTP: an
/// internal HTML note article with the access token, found again by its marker among the ticket's
/// articles, Zammad's 404 and 429 passed on, and the bottom state and tag set.
/// </summary>
public sealed class ZammadNotesTests : IAsyncLifetime
{
    private readonly StubTickets tickets = new();
    private readonly HttpClient http = new();
    private VendorApiStub api = null!;

    public async ValueTask InitializeAsync()
    {
        tickets.Add("81");
        api = await VendorApiStub.StartAsync(app => ZammadNotesApi.Map(app, tickets), ZammadNotesApi.ErrorBody);
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await api.DisposeAsync();
    }

    [Fact]
    public async Task An_answer_becomes_one_internal_html_note_article_written_with_the_token()
    {
        await new ZammadNotes().WriteAsync(Note("81", "csat:a1.1"), Call(), TestContext.Current.CancellationToken);

        var article = Assert.Single(tickets.Find("81")!.Notes);
        Assert.Equal((81L, "note", true, "text/html"), (article["ticket_id"]!.GetValue<long>(), article["type"]!.GetValue<string>(), article["internal"]!.GetValue<bool>(), article["content_type"]!.GetValue<string>()));
        Assert.Equal("<p>Rating: Bad</p><p>Comment: &lt;b&gt;slow&lt;/b&gt;</p><p>csat:a1.1</p>", article["body"]!.GetValue<string>());
        Assert.Equal(["POST /api/v1/ticket_articles"], api.Requests);
    }

    [Fact]
    public async Task A_written_note_is_found_by_its_marker_among_the_tickets_articles_and_an_unwritten_one_is_not()
    {
        var writer = new ZammadNotes();
        foreach (var marker in new[] { "csat:x.1", "csat:x.2", "csat:a1.1", "csat:x.3" })
        {
            await writer.WriteAsync(Note("81", marker), Call(), TestContext.Current.CancellationToken);
        }

        Assert.True(await writer.ExistsAsync(Note("81", "csat:a1.1"), Call(), TestContext.Current.CancellationToken));
        Assert.False(await writer.ExistsAsync(Note("81", "csat:a1.2"), Call(), TestContext.Current.CancellationToken));
        Assert.Equal(2, api.Count("GET /api/v1/ticket_articles/by_ticket/81"));
    }

    [Fact]
    public async Task A_deleted_ticket_refuses_the_note_and_its_read_back_with_404()
    {
        var writer = new ZammadNotes();

        var write = await Assert.ThrowsAsync<HelpdeskApiException>(() => writer.WriteAsync(Note("82", "csat:a1.1"), Call(), TestContext.Current.CancellationToken));
        var read = await Assert.ThrowsAsync<HelpdeskApiException>(() => writer.ExistsAsync(Note("82", "csat:a1.1"), Call(), TestContext.Current.CancellationToken));

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (write.Status, read.Status));
        Assert.Equal(0, tickets.NoteCount);
    }

    [Theory]
    [InlineData("T-81")]
    [InlineData("0")]
    [InlineData("81/../82")]
    public async Task An_id_no_ticket_can_have_is_refused_with_404_without_asking_zammad(string ticketId)
    {
        var writer = new ZammadNotes();

        var write = await Assert.ThrowsAsync<HelpdeskApiException>(() => writer.WriteAsync(Note(ticketId, "csat:a1.1"), Call(), TestContext.Current.CancellationToken));
        var read = await Assert.ThrowsAsync<HelpdeskApiException>(() => writer.ExistsAsync(Note(ticketId, "csat:a1.1"), Call(), TestContext.Current.CancellationToken));

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (write.Status, read.Status));
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task A_throttled_write_passes_on_429_and_its_retry_after_and_a_wrong_token_401()
    {
        api.Fault = VendorFault.RateLimited;
        api.FaultCount = 1;
        api.RetryAfterSeconds = 7;

        var throttled = await Assert.ThrowsAsync<HelpdeskApiException>(() => new ZammadNotes().WriteAsync(Note("81", "csat:a1.1"), Call(), TestContext.Current.CancellationToken));
        var unauthorized = await Assert.ThrowsAsync<HelpdeskApiException>(() => new ZammadNotes().WriteAsync(Note("81", "csat:a1.1"), Call(("ApiToken", "revoked")), TestContext.Current.CancellationToken));

        Assert.Equal((HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(7)), (throttled.Status, throttled.Headers!.RetryAfter!.Delta));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.Status);
        Assert.Equal(0, tickets.NoteCount);
    }

    [Fact]
    public async Task A_bottom_answer_sets_the_configured_state_and_tag_once_however_often_it_is_marked()
    {
        var writer = HelpdeskFormats.Find("zammad")!.Notes!;
        await writer.MarkBottomAsync(Note("81", "csat:a1.1"), Call(), TestContext.Current.CancellationToken);
        Assert.Empty(api.Requests);

        for (var attempt = 0; attempt < 2; attempt++)
        {
            await writer.MarkBottomAsync(Note("81", "csat:a1.1"), Call(("BottomState", "open"), ("BottomTag", "csat-follow-up")), TestContext.Current.CancellationToken);
        }

        Assert.Equal("open", tickets.Find("81")!.Status);
        Assert.Equal(["csat-follow-up"], tickets.Find("81")!.Tags);
        Assert.Equal(["PUT /api/v1/tickets/81", "POST /api/v1/tags/add", "PUT /api/v1/tickets/81", "POST /api/v1/tags/add"], api.Requests);
        Assert.Equal(["BottomState", "BottomTag"], writer.BottomSettings);
        Assert.Equal(["ApiToken"], writer.Credentials);
    }

    [Fact]
    public void A_tag_with_a_comma_or_a_state_on_two_lines_stops_start_up_naming_its_key()
    {
        var problems = Assert.Throws<SettingsException>(() => CsatSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Csat:LinkSigningKey"] = "dGVzdC1saW5rLXNpZ25pbmcta2V5LXRoaXJ0eS10d28tYnl0ZXMhIQ==",
            ["Csat:Helpdesks:zammad:ApiUrl"] = "https://acme.zammad.com",
            ["Csat:Helpdesks:zammad:ApiToken"] = ZammadNotesApi.ApiToken,
            ["Csat:Helpdesks:zammad:BottomState"] = "open\nclosed",
            ["Csat:Helpdesks:zammad:BottomTag"] = "csat,follow-up",
        }).Build())).Problems;

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, problem => problem.StartsWith("Csat__Helpdesks__zammad__BottomState must be a state's name on one line", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.StartsWith("Csat__Helpdesks__zammad__BottomTag must be one tag on one line without commas", StringComparison.Ordinal));
    }

    private HelpdeskCall Call(params (string Setting, string Value)[] extra)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["ApiUrl"] = api.BaseUrl.AbsoluteUri,
            ["ApiToken"] = ZammadNotesApi.ApiToken,
        };
        foreach (var (setting, value) in extra)
        {
            values[setting] = value;
        }

        return new HelpdeskCall(new HelpdeskConfig("zammad", values), http, TimeProvider.System);
    }

    private static HelpdeskNote Note(string ticketId, string marker) =>
        new(ticketId, marker, $"Rating: Bad\nComment: <b>slow</b>\n{marker}", Html.Of($"<p>Rating: Bad</p><p>Comment: {"<b>slow</b>"}</p><p>{marker}</p>"), Wiki: $"Rating: *Bad*\n{marker}", AtBottom: true);
}
