using System.Net;
using System.Text;
using CsatFunctions.Helpdesks;
using CsatFunctions.Helpdesks.ConnectWise;
using CsatFunctions.Helpdesks.Notes;
using CsatFunctions.Settings;
using CsatFunctions.Tests.Infrastructure;
using CsatFunctions.Web;
using Microsoft.Extensions.Configuration;

namespace CsatFunctions.Tests.Helpdesks.ConnectWise;

/// <summary>
/// ConnectWise's note writer against a stub of its service note routes, over real HTTP: an internal
/// analysis note with the member's keys, found again by its marker page by page, ConnectWise's 404
/// and 429 passed on to the pipeline, and the bottom status set by name or id.
/// </summary>
public sealed class ConnectWiseNotesTests : IAsyncLifetime
{
    private const string Notes = "/v4_6_release/apis/3.0/service/tickets/1042/notes";

    private readonly StubTickets tickets = new();
    private readonly HttpClient http = new();
    private VendorApiStub api = null!;

    public async ValueTask InitializeAsync()
    {
        tickets.Add("1042");
        api = await VendorApiStub.StartAsync(app => ConnectWiseNotesApi.Map(app, tickets), ConnectWiseNotesApi.ErrorBody);
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await api.DisposeAsync();
    }

    [Fact]
    public async Task An_answer_becomes_one_internal_analysis_note_written_with_the_members_keys()
    {
        await new ConnectWiseNotes().WriteAsync(Note("1042", "csat:a1.1"), Call(), TestContext.Current.CancellationToken);

        var note = Assert.Single(tickets.Find("1042")!.Notes);
        Assert.Equal((true, false, false), (note["internalAnalysisFlag"]!.GetValue<bool>(), note["detailDescriptionFlag"]!.GetValue<bool>(), note["resolutionFlag"]!.GetValue<bool>()));
        Assert.Equal("Rating: Bad\nComment: It took a week.\ncsat:a1.1", note["text"]!.GetValue<string>());
        Assert.Equal(["POST " + Notes], api.Requests);
        var headers = Assert.Single(api.RequestHeaders);
        Assert.Equal(ConnectWiseTest.ClientId, headers["clientId"].ToString());
        Assert.Equal("application/json; charset=utf-8", headers.ContentType.ToString());
    }

    [Fact]
    public async Task A_written_note_is_found_by_its_marker_on_a_later_page_and_an_unwritten_one_is_not()
    {
        var writer = new ConnectWiseNotes(pageSize: 2);
        foreach (var earlier in new[] { "csat:x.1", "csat:x.2", "csat:x.3", "csat:x.4" })
        {
            await writer.WriteAsync(Note("1042", earlier), Call(), TestContext.Current.CancellationToken);
        }

        await writer.WriteAsync(Note("1042", "csat:a1.1"), Call(), TestContext.Current.CancellationToken);

        Assert.True(await writer.ExistsAsync(Note("1042", "csat:a1.1"), Call(), TestContext.Current.CancellationToken));
        Assert.Equal(3, api.Count($"GET {Notes}?"));
        Assert.Contains($"GET {Notes}?page=3&pageSize=2", api.Requests);
        Assert.False(await writer.ExistsAsync(Note("1042", "csat:a1.2"), Call(), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_deleted_ticket_refuses_the_note_and_its_read_back_with_404()
    {
        var writer = new ConnectWiseNotes();

        var write = await Assert.ThrowsAsync<HelpdeskApiException>(() => writer.WriteAsync(Note("1043", "csat:a1.1"), Call(), TestContext.Current.CancellationToken));
        var read = await Assert.ThrowsAsync<HelpdeskApiException>(() => writer.ExistsAsync(Note("1043", "csat:a1.1"), Call(), TestContext.Current.CancellationToken));

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (write.Status, read.Status));
        Assert.Equal(0, tickets.NoteCount);
    }

    [Fact]
    public async Task A_throttled_write_passes_on_429_and_its_retry_after_and_writes_nothing()
    {
        api.Fault = VendorFault.RateLimited;
        api.FaultCount = 1;
        api.RetryAfterSeconds = 7;

        var throttled = await Assert.ThrowsAsync<HelpdeskApiException>(() => new ConnectWiseNotes().WriteAsync(Note("1042", "csat:a1.1"), Call(), TestContext.Current.CancellationToken));

        Assert.Equal((HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(7)), (throttled.Status, throttled.Headers!.RetryAfter!.Delta));
        Assert.Equal(0, tickets.NoteCount);
    }

    [Theory]
    [InlineData("Customer Feedback", "status/name = \"Customer Feedback\"")]
    [InlineData("42", "status/id = 42")]
    public async Task A_bottom_answer_sets_the_configured_status_by_name_or_id(string bottomStatus, string patched)
    {
        await new ConnectWiseNotes().MarkBottomAsync(Note("1042", "csat:a1.1"), Call(("BottomStatus", bottomStatus)), TestContext.Current.CancellationToken);

        Assert.Equal(patched, tickets.Find("1042")!.Status);
        Assert.Equal(["PATCH /v4_6_release/apis/3.0/service/tickets/1042"], api.Requests);
    }

    [Fact]
    public async Task Without_a_bottom_status_marking_calls_nothing()
    {
        var writer = HelpdeskFormats.Find("connectwise")!.Notes!;

        await writer.MarkBottomAsync(Note("1042", "csat:a1.1"), Call(), TestContext.Current.CancellationToken);

        Assert.Empty(api.Requests);
        Assert.Equal(["BottomStatus"], writer.BottomSettings);
        Assert.Equal(["CompanyId", "PublicKey", "PrivateKey", "ClientId"], writer.Credentials);
    }

    [Fact]
    public void A_bottom_status_on_two_lines_stops_start_up_naming_its_key()
    {
        var problems = Assert.Throws<SettingsException>(() => CsatSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Csat:LinkSigningKey"] = "dGVzdC1saW5rLXNpZ25pbmcta2V5LXRoaXJ0eS10d28tYnl0ZXMhIQ==",
            ["Csat:Helpdesks:connectwise:ApiUrl"] = "https://api-na.myconnectwise.net/v4_6_release/apis/3.0",
            ["Csat:Helpdesks:connectwise:CompanyId"] = ConnectWiseTest.CompanyId,
            ["Csat:Helpdesks:connectwise:PublicKey"] = ConnectWiseTest.PublicKey,
            ["Csat:Helpdesks:connectwise:PrivateKey"] = ConnectWiseTest.PrivateKey,
            ["Csat:Helpdesks:connectwise:ClientId"] = ConnectWiseTest.ClientId,
            ["Csat:Helpdesks:connectwise:BottomStatus"] = "Customer\nFeedback",
        }).Build())).Problems;

        Assert.StartsWith("Csat__Helpdesks__connectwise__BottomStatus must be a status name on one line", Assert.Single(problems), StringComparison.Ordinal);
    }

    private HelpdeskCall Call(params (string Setting, string Value)[] extra)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["ApiUrl"] = new Uri(api.BaseUrl, ConnectWiseTest.ApiPath).AbsoluteUri,
            ["CompanyId"] = ConnectWiseTest.CompanyId,
            ["PublicKey"] = ConnectWiseTest.PublicKey,
            ["PrivateKey"] = ConnectWiseTest.PrivateKey,
            ["ClientId"] = ConnectWiseTest.ClientId,
        };
        foreach (var (setting, value) in extra)
        {
            values[setting] = value;
        }

        return new HelpdeskCall(new HelpdeskConfig("connectwise", values), http, TimeProvider.System);
    }

    private static HelpdeskNote Note(string ticketId, string marker) =>
        new(ticketId, marker, $"Rating: Bad\nComment: It took a week.\n{marker}", Html.Of($"<p>Rating: Bad</p><p>Comment: It took a week.</p><p>{marker}</p>"), Wiki: $"Rating: *Bad*\n{marker}", AtBottom: true);
}
