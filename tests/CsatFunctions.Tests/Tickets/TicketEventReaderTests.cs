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
    public void A_touchpoint_is_read_lowercased_and_anything_but_a_plain_name_is_spaced_out()
    {
        var (ticket, _) = Read("""{"ticketId":"T-1","customer":{"email":"a@example.org"},"touchpoint":"Onboarding"}""");
        var (odd, errors) = Read("""{"ticketId":"T-1","customer":{"email":"a@example.org"},"touchpoint":"<b>Set-up</b>\tday 1"}""");

        Assert.Equal("onboarding", ticket!.Touchpoint);
        Assert.Empty(errors);
        Assert.Equal("b set-up b day 1", odd!.Touchpoint);
    }

    [Fact]
    public void A_company_is_read_cleaned_and_a_long_one_cut_to_200_characters()
    {
        var (ticket, _) = Read("""{"ticketId":"T-1","customer":{"email":"a@example.org"},"company":" Acme\nLtd "}""");
        var (longer, errors) = Read($$$"""{"ticketId":"T-1","customer":{"email":"a@example.org"},"company":"{{{new string('c', 300)}}}"}""");
        var (odd, _) = Read("""{"ticketId":"T-1","customer":{"email":"a@example.org"},"company":{"name":"Acme"}}""");

        Assert.Equal("Acme Ltd", ticket!.Company);
        Assert.Empty(errors);
        Assert.Equal(new string('c', 199) + "…", longer!.Company);
        Assert.Equal("a@example.org", longer.CustomerEmail);
        Assert.Null(odd!.Company);
    }

    [Fact]
    public void Only_a_missing_ticket_id_refuses_a_delivery_whatever_the_other_fields_hold()
    {
        var (ticket, errors) = Read("""{"customer":{"email":"not an email","name":7},"subject":["x"],"resolvedAt":"yesterday","scale":"ten-point"}""");

        Assert.Null(ticket);
        Assert.Equal(["ticketId"], errors.Keys);
    }

    [Fact]
    public void Odd_optional_fields_are_normalised_not_refused()
    {
        var (ticket, errors) = Read("""{"ticketId":"T-1","customer":{"email":"a@example.org","name":7},"subject":["x"],"agent":{"n":1},"resolvedAt":"yesterday","scale":"ten-point"}""");

        Assert.Empty(errors);
        Assert.Equal(new TicketResolved("T-1", "a@example.org", "7", null, null, null, null), ticket);
    }

    [Fact]
    public void A_missing_customer_is_a_ticket_that_cannot_be_asked()
    {
        var (ticket, errors) = Read("""{"ticketId":"T-1"}""");

        Assert.Empty(errors);
        Assert.Null(ticket!.CustomerEmail);
        Assert.Contains("no customer email", ticket.NoEmailBecause);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_ticket_id_is_refused(string ticketId)
    {
        var (_, errors) = Read($$$"""{"ticketId":"{{{ticketId}}}","customer":{"email":"ann@example.org"}}""");

        Assert.StartsWith("Required", errors["ticketId"][0]);
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
    public void Anything_but_one_plain_address_is_counted_but_never_written_to(string email)
    {
        var json = $$$"""{"ticketId":"T-1","customer":{"email":{{{System.Text.Json.JsonSerializer.Serialize(email)}}}}}""";

        var (ticket, errors) = Read(json);

        Assert.Empty(errors);
        Assert.Null(ticket!.CustomerEmail);
        Assert.Contains("not a single address", ticket.NoEmailBecause);
    }

    [Fact]
    public void Line_breaks_tabs_and_other_control_characters_become_single_spaces()
    {
        var (ticket, errors) = Read("""{"ticketId":"T-1","customer":{"email":"a@example.org","name":"Ann\u0000"},"subject":"Hi\r\nBcc: x@example.org\tnow\u001b","agent":"\tPat"}""");

        Assert.Empty(errors);
        Assert.Equal(("Ann", "Hi Bcc: x@example.org now", "Pat"), (ticket!.CustomerName, ticket.Subject, ticket.Agent));
    }

    [Fact]
    public void A_long_subject_is_cut_with_an_ellipsis_without_splitting_a_character()
    {
        var subject = "Re: " + string.Concat(Enumerable.Repeat("Fw: ", 200)) + "🙂🙂🙂";
        var (ticket, _) = Read($$$"""{"ticketId":"T-1","customer":{"email":"a@example.org"},"subject":"{{{new string('x', 498)}}}🙂🙂","agent":"{{{subject}}}"}""");

        // 498 x and an emoji's high surrogate would be 499: the emoji is dropped whole instead.
        Assert.Equal(new string('x', 498) + "…", ticket!.Subject);
        Assert.EndsWith("…", ticket.Agent);
        Assert.InRange(ticket.Agent!.Length, 190, 200);
    }

    [Fact]
    public void An_escaped_lone_surrogate_is_legal_json_and_becomes_a_replacement_character()
    {
        var (ticket, errors) = Read("""{"ticketId":"T-\ud800","customer":{"email":"a@example.org","name":"A\udc00b"},"subject":"x\ud83d\ude42y\ud83d"}""");

        Assert.Empty(errors);
        Assert.Equal(("T-\uFFFD", "A\uFFFDb", "x🙂y\uFFFD"), (ticket!.TicketId, ticket.CustomerName, ticket.Subject));
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

    [Theory]
    [InlineData("2026-11-23T10:00:00Z")]
    [InlineData("1970-01-01T00:00:00Z")]
    [InlineData("yesterday")]
    public void A_resolution_time_in_the_future_or_unreadable_counts_as_the_time_of_receipt(string resolvedAt)
    {
        var (ticket, errors) = Read($$$"""{"ticketId":"T-1","customer":{"email":"a@example.org"},"resolvedAt":"{{{resolvedAt}}}"}""");

        Assert.Empty(errors);
        Assert.Null(ticket!.ResolvedAt);
    }

    private static (TicketResolved? Ticket, Dictionary<string, string[]> Errors) Read(string json)
    {
        var (ticket, _, errors) = TicketEventReader.Read(Encoding.UTF8.GetBytes(json), Now);
        return (ticket, errors);
    }
}
