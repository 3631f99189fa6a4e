using System.Net;
using CsatFunctions.Helpdesks;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Helpdesks.Freshservice;

/// <summary>Freshservice's note writer against a stub of its API over real HTTP, in Freshservice's wrapped JSON.</summary>
public sealed class FreshserviceNotesTests() : FreshworksNotesTests("freshservice", new FreshserviceTickets(), "88", replies: 3, "network")
{
    [Theory]
    [InlineData("")]
    [InlineData("api/v2")]
    public async Task The_answer_becomes_one_private_note_found_again_by_its_marker_whether_api_url_names_the_site_or_its_api_v2(string apiPath)
    {
        var note = AnsweredNote.For("88");
        var call = CallAt(new Uri(Api.BaseUrl, apiPath).AbsoluteUri);

        Assert.False(await Writer.ExistsAsync(note, call, TestContext.Current.CancellationToken));
        await Writer.WriteAsync(note, call, TestContext.Current.CancellationToken);

        var written = Assert.Single(Tickets.Notes("88"));
        Assert.Contains(note.Marker, written["body_text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(AnsweredNote.Comment, written["body_text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(await Writer.ExistsAsync(note, call, TestContext.Current.CancellationToken));
        Assert.Equal(1, Api.Count("POST /api/v2/tickets/88/notes"));
    }

    [Fact]
    public async Task The_marker_is_looked_for_on_every_page_the_link_header_announces()
    {
        Tickets.Add("90", replies: 250);
        var note = AnsweredNote.For("90");
        await Writer.WriteAsync(note, Call(), TestContext.Current.CancellationToken);

        Assert.True(await Writer.ExistsAsync(note, Call(), TestContext.Current.CancellationToken));
        Assert.Equal(["page=1", "page=2", "page=3"], Api.Requests.Where(r => r.StartsWith("GET /api/v2/tickets/90/conversations", StringComparison.Ordinal)).Select(r => r.Split('?')[1].Split('&')[0]));
    }

    [Fact]
    public async Task A_deleted_ticket_is_a_404_and_a_throttled_call_a_429_with_retry_after()
    {
        var gone = await Assert.ThrowsAsync<HelpdeskApiException>(() => Writer.WriteAsync(AnsweredNote.For("404"), Call(), TestContext.Current.CancellationToken));
        (Api.Fault, Api.FaultCount, Api.RetryAfterSeconds) = (VendorFault.RateLimited, 1, 12);
        var throttled = await Assert.ThrowsAsync<HelpdeskApiException>(() => Writer.ExistsAsync(AnsweredNote.For("88"), Call(), TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.Status);
        Assert.Equal(TimeSpan.FromSeconds(12), throttled.Headers?.RetryAfter?.Delta);
    }
}
