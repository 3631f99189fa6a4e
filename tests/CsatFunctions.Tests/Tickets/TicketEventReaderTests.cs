using System.Text;
using CsatFunctions.Tickets;

namespace CsatFunctions.Tests.Tickets;

public sealed class TicketEventReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_phone_ticket_with_only_an_id_and_an_email_is_a_complete_event()
    {
        var (ticket, errors) = Read("""{"ticketId":"T-7","customer":{"email":"bob@example.org"}}""");

        Assert.Empty(errors);
        Assert.Equal(new TicketResolved("T-7", "bob@example.org", null, null, null, null, null), ticket);
    }

    [Fact]
    public void Every_field_is_read()
    {
        var (ticket, _) = Read("""
            {"ticketId":"T-1001","customer":{"email":"ann@example.org","name":"Ann"},"subject":"Server unreachable",
             "agent":"Patrick","channel":"phone","resolvedAt":"2026-11-22T09:00:00+01:00"}
            """);

        Assert.Equal(
            new TicketResolved("T-1001", "ann@example.org", "Ann", "Server unreachable", "Patrick", "phone", new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero)),
            ticket);
    }

    [Fact]
    public void A_touchpoint_is_read_lowercased_and_must_be_a_plain_name()
    {
        var (ticket, _) = Read("""{"ticketId":"T-1","customer":{"email":"a@example.org"},"touchpoint":"Onboarding"}""");
        var (_, errors) = Read("""{"ticketId":"T-1","customer":{"email":"a@example.org"},"touchpoint":"<b>x</b>"}""");

        Assert.Equal("onboarding", ticket!.Touchpoint);
        Assert.Contains("touchpoint", errors.Keys);
    }

    [Fact]
    public void Each_bad_field_is_named_in_one_answer()
    {
        var (ticket, errors) = Read("""{"customer":{"email":"not an email","name":7},"subject":["x"],"resolvedAt":"yesterday"}""");

        Assert.Null(ticket);
        Assert.Equal(["customer.email", "customer.name", "resolvedAt", "subject", "ticketId"], errors.Keys.Order());
    }

    [Fact]
    public void A_missing_customer_is_reported_as_its_missing_email()
    {
        var (_, errors) = Read("""{"ticketId":"T-1"}""");

        Assert.Equal(["customer.email"], errors.Keys);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_ticket_id_is_refused(string ticketId)
    {
        var (_, errors) = Read($$$"""{"ticketId":"{{{ticketId}}}","customer":{"email":"ann@example.org"}}""");

        Assert.Equal(["Must not be empty."], errors["ticketId"]);
    }

    [Fact]
    public void Ticket_ids_may_be_128_characters_but_not_129()
    {
        Assert.Empty(Read($$$"""{"ticketId":"{{{new string('x', 128)}}}","customer":{"email":"a@example.org"}}""").Errors);
        Assert.Contains("ticketId", Read($$$"""{"ticketId":"{{{new string('x', 129)}}}","customer":{"email":"a@example.org"}}""").Errors.Keys);
    }

    [Theory]
    [InlineData("ann@example.org\r\nBcc: all@example.org")]
    [InlineData("Ann <ann@example.org>")]
    [InlineData("ann@example.org, bob@example.org")]
    [InlineData("ann")]
    public void Anything_but_one_plain_address_is_refused_as_the_email(string email)
    {
        var json = $$$"""{"ticketId":"T-1","customer":{"email":{{{System.Text.Json.JsonSerializer.Serialize(email)}}}}}""";

        Assert.Contains("customer.email", Read(json).Errors.Keys);
    }

    [Fact]
    public void A_subject_with_a_line_break_is_refused()
    {
        var (_, errors) = Read("""{"ticketId":"T-1","customer":{"email":"a@example.org"},"subject":"Hi\r\nBcc: x@example.org"}""");

        Assert.Contains("subject", errors.Keys);
    }

    [Fact]
    public void Duplicate_properties_are_refused_rather_than_silently_picking_one()
    {
        var (_, errors) = Read("""{"ticketId":"T-1","ticketId":"T-2","customer":{"email":"a@example.org"}}""");

        Assert.Contains("body", errors.Keys);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("null")]
    [InlineData("")]
    public void A_body_that_is_not_a_json_object_is_refused(string body) =>
        Assert.Contains("body", Read(body).Errors.Keys);

    [Fact]
    public void Invalid_utf8_is_refused()
    {
        byte[] body = [.. Encoding.UTF8.GetBytes("{\"ticketId\":\"T-"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\",\"customer\":{\"email\":\"a@example.org\"}}")];

        Assert.Contains("body", TicketEventReader.Read(body, Now).Errors.Keys);
    }

    [Fact]
    public void A_resolution_in_the_future_is_refused()
    {
        var (_, errors) = Read("""{"ticketId":"T-1","customer":{"email":"a@example.org"},"resolvedAt":"2026-11-23T10:00:00Z"}""");

        Assert.Equal(["Must not be in the future."], errors["resolvedAt"]);
    }

    private static (TicketResolved? Ticket, Dictionary<string, string[]> Errors) Read(string json) =>
        TicketEventReader.Read(Encoding.UTF8.GetBytes(json), Now);
}
