using CsatFunctions.Helpdesks;
using CsatFunctions.Helpdesks.Notes;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Helpdesks;

/// <summary>
/// A Freshworks product's note writer against a stub of its API over real HTTP: the stub, the call and what
/// both products do alike. The subclass names the product, its tickets and the ticket every test starts with.
/// </summary>
public abstract class FreshworksNotesTests(string helpdesk, FreshworksTickets tickets, string ticket, int replies, string tag) : IAsyncLifetime
{
    private readonly HttpClient http = new();

    protected FreshworksTickets Tickets => tickets;

    protected VendorApiStub Api { get; private set; } = null!;

    protected HelpdeskNoteWriter Writer => HelpdeskFormats.Find(helpdesk)!.Notes!;

    public async ValueTask InitializeAsync()
    {
        Api = await VendorApiStub.StartAsync(app => FreshworksNotesApi.Map(app, tickets), tickets.ErrorBody);
        tickets.Add(ticket, replies, tag);
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await Api.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_bottom_answer_sets_the_status_and_adds_the_tag_beside_the_tickets_own_once()
    {
        var call = Call(("BottomStatus", "2"), ("BottomTag", "csat-follow-up"));

        await Writer.MarkBottomAsync(AnsweredNote.For(ticket, atBottom: true), call, TestContext.Current.CancellationToken);
        await Writer.MarkBottomAsync(AnsweredNote.For(ticket, atBottom: true), call, TestContext.Current.CancellationToken);

        var fields = tickets.All[ticket].Ticket;
        Assert.Equal(2, fields["status"]!.GetValue<int>());
        Assert.Equal([tag, "csat-follow-up"], fields["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(1, Api.Count($"PUT /api/v2/tickets/{ticket}"));
    }

    /// <summary>A call to the stub with the product's API key and the settings given.</summary>
    protected HelpdeskCall Call(params (string Setting, string? Value)[] extra) => CallAt(Api.BaseUrl.AbsoluteUri, extra);

    /// <summary>A call with <paramref name="apiUrl"/> as the <c>ApiUrl</c> setting.</summary>
    protected HelpdeskCall CallAt(string apiUrl, params (string Setting, string? Value)[] extra) =>
        AnsweredNote.Call(helpdesk, http, [("ApiUrl", apiUrl), ("ApiKey", tickets.Key), .. extra]);
}
