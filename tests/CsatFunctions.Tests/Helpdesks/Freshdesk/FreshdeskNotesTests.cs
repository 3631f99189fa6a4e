using System.Net;
using System.Text;
using CsatFunctions.Helpdesks;
using CsatFunctions.Helpdesks.Freshdesk;
using CsatFunctions.Settings;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace CsatFunctions.Tests.Helpdesks.Freshdesk;

/// <summary>Freshdesk's note writer against a stub of its API over real HTTP: a private note, found again by its marker, and a bottom answer's status and tag.</summary>
public sealed class FreshdeskNotesTests() : FreshworksNotesTests("freshdesk", new FreshdeskTickets(), "1042", replies: 2, "vip")
{
    [Fact]
    public async Task The_answer_becomes_one_private_note_with_the_comment_and_the_marker_sent_with_the_api_key()
    {
        var note = AnsweredNote.For("1042");

        await Writer.WriteAsync(note, Call(), TestContext.Current.CancellationToken);

        var written = Assert.Single(Tickets.Notes("1042"));
        Assert.True(written["private"]!.GetValue<bool>());
        Assert.Contains(AnsweredNote.Comment, written["body_text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(note.Marker, written["body_text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", written["body"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("POST /api/v2/tickets/1042/notes", Assert.Single(Api.Requests));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{FreshdeskTickets.ApiKey}:X")), Api.RequestHeaders.Single().Authorization.ToString());
    }

    [Fact]
    public async Task A_written_note_is_found_by_its_marker_on_a_later_page_and_another_answer_is_not()
    {
        Tickets.Add("2001", replies: 130);
        var note = AnsweredNote.For("2001");
        await Writer.WriteAsync(note, Call(), TestContext.Current.CancellationToken);

        Assert.True(await Writer.ExistsAsync(note, Call(), TestContext.Current.CancellationToken));
        Assert.False(await Writer.ExistsAsync(AnsweredNote.For("2001", "s-7f3a.638712345678911111"), Call(), TestContext.Current.CancellationToken));
        Assert.False(await Writer.ExistsAsync(AnsweredNote.For("1042"), Call(), TestContext.Current.CancellationToken));

        Assert.Equal(2, Api.Count("GET /api/v2/tickets/2001/conversations?page=2&per_page=100"));
        Assert.Equal(0, Api.Count("GET /api/v2/tickets/2001/conversations?page=3"));
        Assert.Equal(1, Api.Count("GET /api/v2/tickets/1042/conversations"));
    }

    [Fact]
    public async Task A_deleted_ticket_is_a_404_for_the_note_and_for_the_look_up()
    {
        var write = await Assert.ThrowsAsync<HelpdeskApiException>(() => Writer.WriteAsync(AnsweredNote.For("999"), Call(), TestContext.Current.CancellationToken));
        var exists = await Assert.ThrowsAsync<HelpdeskApiException>(() => Writer.ExistsAsync(AnsweredNote.For("999"), Call(), TestContext.Current.CancellationToken));

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (write.Status, exists.Status));
    }

    [Fact]
    public async Task A_throttled_note_is_a_429_with_freshdesks_retry_after_and_nothing_written()
    {
        (Api.Fault, Api.FaultCount, Api.RetryAfterSeconds) = (VendorFault.RateLimited, 1, 37);

        var throttled = await Assert.ThrowsAsync<HelpdeskApiException>(() => Writer.WriteAsync(AnsweredNote.For("1042"), Call(), TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.Status);
        Assert.Equal(TimeSpan.FromSeconds(37), throttled.Headers?.RetryAfter?.Delta);
        Assert.Empty(Tickets.Notes("1042"));
    }

    [Fact]
    public async Task Without_a_bottom_status_or_tag_a_bottom_answer_changes_nothing()
    {
        await Writer.MarkBottomAsync(AnsweredNote.For("1042", atBottom: true), Call(), TestContext.Current.CancellationToken);

        Assert.Empty(Api.Requests);
    }

    [Fact]
    public void Start_up_reads_the_write_back_settings_and_stops_on_a_status_that_is_not_an_id()
    {
        var settings = CsatSettings.Read(Config(
            ("Csat:Helpdesks:freshdesk:ApiUrl", "https://acme.freshdesk.com"),
            ("Csat:Helpdesks:freshdesk:ApiKey", "key"),
            ("Csat:Helpdesks:freshdesk:BottomStatus", "2"),
            ("Csat:Helpdesks:freshdesk:BottomTag", "csat-follow-up")));
        var problems = Assert.Throws<SettingsException>(() => CsatSettings.Read(Config(
            ("Csat:Helpdesks:freshdesk:BottomStatus", "Open"),
            ("Csat:Helpdesks:freshdesk:BottomTag", "a,b")))).Problems;

        Assert.Equal(("key", "2", "csat-follow-up"), (settings.Csat.Helpdesks["freshdesk"]["ApiKey"], settings.Csat.Helpdesks["freshdesk"]["BottomStatus"], settings.Csat.Helpdesks["freshdesk"]["BottomTag"]));
        Assert.Empty(settings.Warnings);
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Csat__Helpdesks__freshdesk__BottomStatus must be a status id", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Csat__Helpdesks__freshdesk__BottomTag must be one tag", StringComparison.Ordinal));
    }

    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Append((Key: "Csat:LinkSigningKey", Value: (string?)"dGVzdC1saW5rLXNpZ25pbmcta2V5LXRoaXJ0eS10d28tYnl0ZXMhIQ==")).ToDictionary(v => v.Key, v => v.Value)).Build();
}
