using System.Net;
using CsatFunctions.Helpdesks;
using CsatFunctions.Helpdesks.Autotask;
using CsatFunctions.Helpdesks.Notes;
using CsatFunctions.Settings;
using CsatFunctions.Tests.Infrastructure;
using CsatFunctions.Web;
using Microsoft.Extensions.Configuration;

namespace CsatFunctions.Tests.Helpdesks.Autotask;

/// <summary>
/// Autotask's note writer against a stub of its ticket note routes, over real HTTP: a note published
/// to internal users only with the API user's headers, found again by its marker across the query's
/// pages, Autotask's 404 and 429 passed on, and the bottom status set by id.
/// </summary>
public sealed class AutotaskNotesTests : IAsyncLifetime
{
    private readonly StubTickets tickets = new();
    private readonly HttpClient http = new();
    private VendorApiStub api = null!;

    public async ValueTask InitializeAsync()
    {
        tickets.Add("29683");
        api = await VendorApiStub.StartAsync(app => AutotaskNotesApi.Map(app, tickets, pageSize: 2), AutotaskNotesApi.ErrorBody);
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await api.DisposeAsync();
    }

    [Fact]
    public async Task An_answer_becomes_one_ticket_note_for_internal_users_only_written_as_the_api_user()
    {
        await new AutotaskNotes().WriteAsync(Note("29683", "csat:a1.1"), Call(), TestContext.Current.CancellationToken);

        var note = Assert.Single(tickets.Find("29683")!.Notes);
        Assert.Equal((29683L, 2, 1), (note["ticketID"]!.GetValue<long>(), note["publish"]!.GetValue<int>(), note["noteType"]!.GetValue<int>()));
        Assert.Equal(("Rating: Bad", "Rating: Bad\nComment: It took a week.\ncsat:a1.1"), (note["title"]!.GetValue<string>(), note["description"]!.GetValue<string>()));
        Assert.Equal(["POST /atservicesrest/v1.0/Tickets/29683/Notes"], api.Requests);
    }

    [Fact]
    public async Task The_note_type_and_publish_come_from_the_settings_when_an_instance_numbers_them_otherwise()
    {
        await new AutotaskNotes().WriteAsync(Note("29683", "csat:a1.1"), Call(("NoteType", "3"), ("NotePublish", "4")), TestContext.Current.CancellationToken);

        var note = Assert.Single(tickets.Find("29683")!.Notes);
        Assert.Equal((4, 3), (note["publish"]!.GetValue<int>(), note["noteType"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_written_note_is_found_by_its_marker_on_the_querys_last_page_and_an_unwritten_one_is_not()
    {
        var writer = new AutotaskNotes();
        foreach (var marker in new[] { "csat:x.1", "csat:x.2", "csat:x.3", "csat:x.4", "csat:a1.1" })
        {
            await writer.WriteAsync(Note("29683", marker), Call(), TestContext.Current.CancellationToken);
        }

        Assert.True(await writer.ExistsAsync(Note("29683", "csat:a1.1"), Call(), TestContext.Current.CancellationToken));
        Assert.Equal(1, api.Count("GET /atservicesrest/v1.0/TicketNotes/query?search="));
        Assert.Equal(2, api.Count("GET /atservicesrest/v1.0/TicketNotes/query/next?"));
        Assert.False(await writer.ExistsAsync(Note("29683", "csat:a1.2"), Call(), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_deleted_ticket_refuses_the_note_with_404_and_has_no_note_to_find()
    {
        var writer = new AutotaskNotes();

        var write = await Assert.ThrowsAsync<HelpdeskApiException>(() => writer.WriteAsync(Note("29684", "csat:a1.1"), Call(), TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.NotFound, write.Status);
        Assert.False(await writer.ExistsAsync(Note("29684", "csat:a1.1"), Call(), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_throttled_write_passes_on_429_and_its_retry_after_and_writes_nothing()
    {
        api.Fault = VendorFault.RateLimited;
        api.FaultCount = 1;
        api.RetryAfterSeconds = 7;

        var throttled = await Assert.ThrowsAsync<HelpdeskApiException>(() => new AutotaskNotes().WriteAsync(Note("29683", "csat:a1.1"), Call(), TestContext.Current.CancellationToken));

        Assert.Equal((HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(7)), (throttled.Status, throttled.Headers!.RetryAfter!.Delta));
        Assert.Equal(0, tickets.NoteCount);
    }

    [Fact]
    public async Task Wrong_api_user_headers_are_refused_with_401()
    {
        var refused = await Assert.ThrowsAsync<HelpdeskApiException>(() => new AutotaskNotes().WriteAsync(Note("29683", "csat:a1.1"), Call(("ApiSecret", "wrong")), TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
    }

    [Fact]
    public async Task A_bottom_answer_sets_the_configured_status_id_and_without_one_nothing_is_called()
    {
        var writer = HelpdeskFormats.Find("autotask")!.Notes!;
        await writer.MarkBottomAsync(Note("29683", "csat:a1.1"), Call(), TestContext.Current.CancellationToken);
        Assert.Empty(api.Requests);

        await writer.MarkBottomAsync(Note("29683", "csat:a1.1"), Call(("BottomStatus", "13")), TestContext.Current.CancellationToken);

        Assert.Equal("13", tickets.Find("29683")!.Status);
        Assert.Equal(["PATCH /atservicesrest/v1.0/Tickets"], api.Requests);
        Assert.Equal(["BottomStatus"], writer.BottomSettings);
        Assert.Equal(["ApiIntegrationCode", "ApiUser", "ApiSecret"], writer.Credentials);
    }

    [Fact]
    public void Picklist_settings_that_are_not_ids_stop_start_up_each_naming_its_key()
    {
        var problems = Assert.Throws<SettingsException>(() => CsatSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Csat:LinkSigningKey"] = "dGVzdC1saW5rLXNpZ25pbmcta2V5LXRoaXJ0eS10d28tYnl0ZXMhIQ==",
            ["Csat:Helpdesks:autotask:Secret"] = "autotask-secret-key-0123456789",
            ["Csat:Helpdesks:autotask:ApiUrl"] = "https://webservices5.autotask.net/atservicesrest/v1.0",
            ["Csat:Helpdesks:autotask:ApiIntegrationCode"] = AutotaskNotesApi.IntegrationCode,
            ["Csat:Helpdesks:autotask:ApiUser"] = AutotaskNotesApi.User,
            ["Csat:Helpdesks:autotask:ApiSecret"] = AutotaskNotesApi.Secret,
            ["Csat:Helpdesks:autotask:NoteType"] = "Task Notes",
            ["Csat:Helpdesks:autotask:NotePublish"] = "internal",
            ["Csat:Helpdesks:autotask:BottomStatus"] = "-1",
        }).Build())).Problems;

        Assert.Equal(
            ["NoteType", "NotePublish", "BottomStatus"],
            problems.Select(problem => problem.Split("__")[3].Split(' ')[0]));
        Assert.All(problems, problem => Assert.Contains("must be a picklist id", problem, StringComparison.Ordinal));
    }

    private HelpdeskCall Call(params (string Setting, string Value)[] extra)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["ApiUrl"] = new Uri(api.BaseUrl, AutotaskNotesApi.ApiPath).AbsoluteUri,
            ["ApiIntegrationCode"] = AutotaskNotesApi.IntegrationCode,
            ["ApiUser"] = AutotaskNotesApi.User,
            ["ApiSecret"] = AutotaskNotesApi.Secret,
        };
        foreach (var (setting, value) in extra)
        {
            values[setting] = value;
        }

        return new HelpdeskCall(new HelpdeskConfig("autotask", values), http, TimeProvider.System);
    }

    private static HelpdeskNote Note(string ticketId, string marker) =>
        new(ticketId, marker, $"Rating: Bad\nComment: It took a week.\n{marker}", Html.Of($"<p>Rating: Bad</p><p>Comment: It took a week.</p><p>{marker}</p>"), Wiki: $"Rating: *Bad*\n{marker}", AtBottom: true);
}
