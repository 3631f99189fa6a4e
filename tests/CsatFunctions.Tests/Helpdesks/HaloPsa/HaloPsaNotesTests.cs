using System.Net;
using CsatFunctions.Helpdesks;
using CsatFunctions.Helpdesks.HaloPsa;
using CsatFunctions.Helpdesks.Notes;
using CsatFunctions.Settings;
using CsatFunctions.Tests.Infrastructure;
using CsatFunctions.Web;
using Microsoft.Extensions.Configuration;

namespace CsatFunctions.Tests.Helpdesks.HaloPsa;

/// <summary>
/// Halo's note writer against a stub of its authorisation server and action routes, over real HTTP:
/// a private action hidden from the user, one client credentials token for every call until Halo
/// refuses it, the action found again by its marker across pages, Halo's 404 and 429 passed on, and
/// the bottom status set by id.
/// </summary>
public sealed class HaloPsaNotesTests : IAsyncLifetime
{
    private readonly StubTickets tickets = new();
    private readonly HaloPsaTokens tokens = new();
    private readonly HttpClient http = new();
    private VendorApiStub api = null!;

    public async ValueTask InitializeAsync()
    {
        tickets.Add("2818");
        api = await VendorApiStub.StartAsync(app => HaloPsaNotesApi.Map(app, tickets, tokens), HaloPsaNotesApi.ErrorBody);
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await api.DisposeAsync();
    }

    [Fact]
    public async Task An_answer_becomes_one_private_action_hidden_from_the_user_and_emailed_to_no_one()
    {
        await new HaloPsaNotes().WriteAsync(Note("2818", "csat:a1.1"), Call(), TestContext.Current.CancellationToken);

        var action = Assert.Single(tickets.Find("2818")!.Notes);
        Assert.Equal((2818L, "Private Note", true, false), (action["ticket_id"]!.GetValue<long>(), action["outcome"]!.GetValue<string>(), action["hiddenfromuser"]!.GetValue<bool>(), action["sendemail"]!.GetValue<bool>()));
        Assert.Equal("Rating: Bad\nComment: It took a week & more.\ncsat:a1.1", action["note"]!.GetValue<string>());
        Assert.Equal("<p>Rating: Bad</p><p>Comment: It took a week &amp; more.</p><p>csat:a1.1</p>", action["note_html"]!.GetValue<string>());
        Assert.Equal(["POST /auth/token", "POST /api/Actions"], api.Requests);
    }

    [Fact]
    public async Task One_token_serves_every_call_until_halo_refuses_it_then_the_next_call_fetches_another()
    {
        var writer = new HaloPsaNotes();
        var note = Note("2818", "csat:a1.1");
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => writer.ExistsAsync(note, Call(), TestContext.Current.CancellationToken)));
        await writer.WriteAsync(note, Call(), TestContext.Current.CancellationToken);
        await writer.MarkBottomAsync(note, Call(("BottomStatus", "2")), TestContext.Current.CancellationToken);
        Assert.Equal(1, tokens.IssuedCount);

        tokens.RevokeAll();
        var refused = await Assert.ThrowsAsync<HelpdeskApiException>(() => writer.ExistsAsync(note, Call(), TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);

        Assert.True(await writer.ExistsAsync(note, Call(), TestContext.Current.CancellationToken));
        Assert.Equal(2, tokens.IssuedCount);
        Assert.Equal(2, api.Count("POST /auth/token"));
    }

    [Fact]
    public async Task A_written_action_is_found_by_its_marker_on_a_later_page_and_an_unwritten_one_is_not()
    {
        var writer = new HaloPsaNotes(pageSize: 2);
        foreach (var marker in new[] { "csat:x.1", "csat:x.2", "csat:x.3", "csat:x.4", "csat:a1.1" })
        {
            await writer.WriteAsync(Note("2818", marker), Call(), TestContext.Current.CancellationToken);
        }

        Assert.True(await writer.ExistsAsync(Note("2818", "csat:a1.1"), Call(), TestContext.Current.CancellationToken));
        Assert.Contains("GET /api/Actions?ticket_id=2818&includehtmlnote=true&pageinate=true&page_size=2&page_no=3", api.Requests);
        Assert.False(await writer.ExistsAsync(Note("2818", "csat:a1.2"), Call(), TestContext.Current.CancellationToken));
        Assert.Equal(6, api.Count("GET /api/Actions?"));
    }

    [Fact]
    public async Task A_deleted_ticket_refuses_the_action_with_404()
    {
        var refused = await Assert.ThrowsAsync<HelpdeskApiException>(() => new HaloPsaNotes().WriteAsync(Note("2819", "csat:a1.1"), Call(), TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        Assert.Equal(0, tickets.NoteCount);
    }

    [Fact]
    public async Task A_throttled_write_passes_on_429_and_its_retry_after_and_writes_nothing()
    {
        var writer = new HaloPsaNotes();
        await writer.ExistsAsync(Note("2818", "csat:a1.1"), Call(), TestContext.Current.CancellationToken);
        api.Fault = VendorFault.RateLimited;
        api.FaultCount = 1;
        api.RetryAfterSeconds = 7;

        var throttled = await Assert.ThrowsAsync<HelpdeskApiException>(() => writer.WriteAsync(Note("2818", "csat:a1.1"), Call(), TestContext.Current.CancellationToken));

        Assert.Equal((HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(7)), (throttled.Status, throttled.Headers!.RetryAfter!.Delta));
        Assert.Equal(0, tickets.NoteCount);
    }

    [Fact]
    public async Task A_bottom_answer_sets_the_configured_status_id_and_without_one_nothing_is_called()
    {
        var writer = HelpdeskFormats.Find("halopsa")!.Notes!;
        await writer.MarkBottomAsync(Note("2818", "csat:a1.1"), Call(), TestContext.Current.CancellationToken);
        Assert.Empty(api.Requests);

        await writer.MarkBottomAsync(Note("2818", "csat:a1.1"), Call(("BottomStatus", "21")), TestContext.Current.CancellationToken);

        Assert.Equal("21", tickets.Find("2818")!.Status);
        Assert.Equal(["POST /auth/token", "POST /api/Tickets"], api.Requests);
        Assert.Equal(["BottomStatus"], writer.BottomSettings);
        Assert.Equal(["ClientId", "ClientSecret"], writer.Credentials);
    }

    [Fact]
    public void An_api_url_that_is_not_the_resource_server_or_a_status_that_is_not_an_id_stops_start_up()
    {
        var problems = Assert.Throws<SettingsException>(() => CsatSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Csat:LinkSigningKey"] = "dGVzdC1saW5rLXNpZ25pbmcta2V5LXRoaXJ0eS10d28tYnl0ZXMhIQ==",
            ["Csat:Helpdesks:halopsa:ApiUrl"] = "https://acme.halopsa.com/auth",
            ["Csat:Helpdesks:halopsa:ClientId"] = HaloPsaNotesApi.ClientId,
            ["Csat:Helpdesks:halopsa:ClientSecret"] = HaloPsaNotesApi.ClientSecret,
            ["Csat:Helpdesks:halopsa:BottomStatus"] = "Reopened",
        }).Build())).Problems;

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, problem => problem.StartsWith("Csat__Helpdesks__halopsa__ApiUrl must be Halo's resource server, ending in /api", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.StartsWith("Csat__Helpdesks__halopsa__BottomStatus must be a ticket status id", StringComparison.Ordinal));
    }

    private HelpdeskCall Call(params (string Setting, string Value)[] extra)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["ApiUrl"] = new Uri(api.BaseUrl, "/api").AbsoluteUri,
            ["ClientId"] = HaloPsaNotesApi.ClientId,
            ["ClientSecret"] = HaloPsaNotesApi.ClientSecret,
        };
        foreach (var (setting, value) in extra)
        {
            values[setting] = value;
        }

        return new HelpdeskCall(new HelpdeskConfig("halopsa", values), http, TimeProvider.System);
    }

    private static HelpdeskNote Note(string ticketId, string marker) =>
        new(ticketId, marker, $"Rating: Bad\nComment: It took a week & more.\n{marker}", Html.Of($"<p>Rating: Bad</p><p>Comment: {"It took a week & more."}</p><p>{marker}</p>"), Wiki: $"Rating: *Bad*\n{marker}", AtBottom: true);
}
