using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Tickets;

/// <summary>
/// <c>Csat__InternalDomains</c>: a ticket whose customer is the company's own address (staff, a test
/// ticket) is counted, listed as not asked with reason <c>internal</c>, and never emailed.
/// </summary>
public sealed partial class InternalAddressTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["Csat:InternalDomains"] = "example-hosting.test, Staff.Example.NET";

    [Fact]
    public async Task An_internal_ticket_is_counted_listed_as_internal_and_never_emailed_while_customers_are_asked()
    {
        var tickets = new (string Id, string Email)[]
        {
            ("T-STAFF", "dana@example-hosting.test"),
            ("T-SUBDOMAIN", "Kim@IT.STAFF.example.net"),
            ("T-CUSTOMER", "ann@customer.example"),

            // Ends with an internal domain's name, but is another domain.
            ("T-LOOKALIKE", "bob@notexample-hosting.test"),
        };

        foreach (var (id, email) in tickets)
        {
            using var answer = await Host.SendTicketAsync(PipelineHost.Ticket(id, email, agent: "Sam", channel: "email"));
            Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        }

        Assert.Equal(["ann@customer.example", "bob@notexample-hosting.test"], (await SendGrid.WaitForAsync(2)).Select(SurveyMail.ToAddressOf).Order());
        await Host.WaitForQueueDrainedAsync();
        Assert.Equal(2, SendGrid.Received.Count);

        var window = (await Host.RefreshScoreAsync())["windows"]!["allTime"]!;
        Assert.Equal((4, 2, 0), (window["surveyed"]!.GetValue<int>(), window["notSurveyed"]!.GetValue<int>(), window["rated"]!.GetValue<int>()));

        var listed = (await Host.AdminAsync(HttpMethod.Get, "/api/admin/tickets/not-surveyed"))["items"]!.AsArray();
        Assert.Equal(
            [("T-STAFF", "internal"), ("T-SUBDOMAIN", "internal")],
            listed.Select(item => (item!["ticketId"]!.GetValue<string>(), item["reason"]!.GetValue<string>())).Order());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/desk");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PipelineHost.AdminKey);
        using var desk = await Host.Http.SendAsync(request);
        var page = await desk.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, desk.StatusCode);
        var notAsked = NotAskedSection().Match(page).Value;
        Assert.Equal(["generic T-STAFF", "generic T-SUBDOMAIN"], TicketCells().Matches(notAsked).Select(m => m.Groups[1].Value).Order());
        Assert.Equal(2, Regex.Matches(notAsked, """<td class="text">internal</td>""").Count);
        Assert.DoesNotContain("T-CUSTOMER", notAsked);

        // The desk does not show the staff's addresses in the list.
        Assert.DoesNotContain("example-hosting.test", notAsked, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("""<h2 id="not-asked">.*?</table>""", RegexOptions.Singleline)]
    private static partial Regex NotAskedSection();

    [GeneratedRegex("""<tr><td class="text">([^<]+)</td>""")]
    private static partial Regex TicketCells();
}
