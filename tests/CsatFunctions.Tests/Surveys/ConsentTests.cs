using System.Net;
using System.Net.Http.Headers;
using CsatFunctions.Consent;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Surveys;

/// <summary>Survey fatigue and consent: a cooldown per customer, unsubscribing, the suppression list.</summary>
public sealed class ConsentTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["Csat:SurveyCooldownDays"] = "30";

    [Fact]
    public async Task A_customer_surveyed_within_the_cooldown_is_not_asked_again_but_the_ticket_is_counted()
    {
        await Accept("T-1", "ann@example.org");
        await SendGrid.WaitForAsync(1);
        await Accept("T-2", "Ann@Example.org");
        await Accept("T-3", "bob@example.org");
        await SendGrid.WaitForAsync(2);
        await Host.WaitForQueueDrainedAsync();

        Assert.Equal(["ann@example.org", "bob@example.org"], SendGrid.Received.Select(SurveyMail.ToAddressOf));
        var skipped = await Stored("T-2");
        Assert.Equal((EmailState.Skipped, "cooldown"), (skipped.Email, skipped.SkipReason));
        var allTime = (await Host.RefreshScoreAsync())["windows"]!["allTime"]!;
        Assert.Equal(3, allTime["surveyed"]!.GetValue<int>());
        Assert.Equal(1, allTime["notSurveyed"]!.GetValue<int>());
    }

    [Fact]
    public async Task Ten_tickets_of_one_customer_closed_at_once_send_one_survey_and_count_all_ten()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Host.SendTicketAsync(PipelineHost.Ticket($"BULK-{i}", "bulk@example.org"))));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode));
        await SendGrid.WaitForAsync(1);
        await Host.WaitForQueueDrainedAsync();
        Assert.Single(SendGrid.Received);
        var allTime = (await Host.RefreshScoreAsync())["windows"]!["allTime"]!;
        Assert.Equal((10, 9), (allTime["surveyed"]!.GetValue<int>(), allTime["notSurveyed"]!.GetValue<int>()));
        Assert.Equal(9, (await Host.AdminAsync(HttpMethod.Get, "/api/admin/tickets/not-surveyed"))["items"]!.AsArray().Count(item => item!["reason"]!.GetValue<string>() == "cooldown"));
    }

    [Fact]
    public async Task A_mail_clients_one_click_unsubscribe_stops_later_surveys()
    {
        await Accept("T-1", "carol@example.org");
        var mail = (await SendGrid.WaitForAsync(1))[0];
        var header = mail.Json["personalizations"]![0]!["headers"]!;
        Assert.Equal("List-Unsubscribe=One-Click", header["List-Unsubscribe-Post"]!.GetValue<string>());
        var url = header["List-Unsubscribe"]!.GetValue<string>().Trim('<', '>');

        // RFC 8058: the client POSTs this exact form body to the header's URL, with no cookies or confirmation.
        using var oneClick = await Host.Http.PostAsync(Path(url), new StringContent("List-Unsubscribe=One-Click", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);

        await Accept("T-2", "carol@example.org", resolvedAt: Host.Clock.GetUtcNow().AddDays(-40));
        await Host.WaitForQueueDrainedAsync();
        Assert.Single(SendGrid.Received);
        Assert.Equal((EmailState.Skipped, "unsubscribed"), ((await Stored("T-2")).Email, (await Stored("T-2")).SkipReason));
    }

    [Fact]
    public async Task Opening_the_unsubscribe_link_asks_first_and_changes_nothing()
    {
        await Accept("T-1", "dave@example.org");
        var mail = (await SendGrid.WaitForAsync(1))[0];
        var url = mail.Json["personalizations"]![0]!["headers"]!["List-Unsubscribe"]!.GetValue<string>().Trim('<', '>');

        using var page = await Host.Http.GetAsync(Path(url));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Stop survey emails</button>", await page.Content.ReadAsStringAsync());
        Assert.False((await Host.Services.GetRequiredService<CustomerRegistry>().GetAsync("dave@example.org", CancellationToken.None)).Unsubscribed);
    }

    [Fact]
    public async Task An_expired_link_still_unsubscribes_and_a_tampered_one_does_not()
    {
        await Accept("T-1", "erin@example.org");
        var links = new RatingLink(new LinkSigningKeys(Convert.FromBase64String(PipelineHost.LinkSigningKeyText)));
        var expired = links.CreateToken(await Host.Services.SurveyIdOfAsync("T-1"), Host.Clock.GetUtcNow().AddDays(-1));

        // The signature's second-to-last character holds six whole bits: changing it always changes the signature
        // (the last one's low bits are padding a decoder may ignore, so "…xx" could, rarely, decode to the same bytes).
        var altered = expired[..^2] + (expired[^2] == 'A' ? "B" : "A") + expired[^1];
        using var tampered = await Host.Http.PostAsync($"/api/unsubscribe/{altered}", null);

        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.False((await Host.Services.GetRequiredService<CustomerRegistry>().GetAsync("erin@example.org", CancellationToken.None)).Unsubscribed);

        using var late = await Host.Http.PostAsync($"/api/unsubscribe/{expired}", null);

        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.True((await Host.Services.GetRequiredService<CustomerRegistry>().GetAsync("erin@example.org", CancellationToken.None)).Unsubscribed);
    }

    [Fact]
    public async Task The_support_team_can_suppress_and_lift_an_address_and_a_queued_survey_respects_it()
    {
        // Accepted while allowed, suppressed before the mailer gets to it: the mailer checks again.
        var survey = new Survey(await Claim("T-Q"), "generic", "T-Q", "frank@example.org", null, null, null, null, Host.Clock.GetUtcNow(), Host.Clock.GetUtcNow());
        await Host.Services.GetRequiredService<SurveyTable>().TryInsertAsync(survey, CancellationToken.None);
        Assert.Equal(HttpStatusCode.NoContent, (await Admin(HttpMethod.Put, "frank@example.org")).StatusCode);
        await Host.Services.GetRequiredService<JsonQueue<SurveyMessage>>().EnqueueAsync(new SurveyMessage(survey.Id), null, CancellationToken.None);
        await Host.WaitForQueueDrainedAsync();
        Assert.Empty(SendGrid.Received);
        Assert.Equal(EmailState.Skipped, (await Stored("T-Q")).Email);

        Assert.Equal(HttpStatusCode.NoContent, (await Admin(HttpMethod.Delete, "frank@example.org")).StatusCode);
        await Accept("T-R", "frank@example.org");
        Assert.Equal("frank@example.org", SurveyMail.ToAddressOf((await SendGrid.WaitForAsync(1))[0]));

        Assert.Equal(HttpStatusCode.BadRequest, (await Admin(HttpMethod.Put, "not-an-address")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.Http.PutAsync("/api/admin/suppressions/frank@example.org", null)).StatusCode);
    }

    [Fact]
    public async Task A_delivery_cut_off_after_its_insert_is_finished_by_the_retry_as_skipped_for_a_suppressed_address()
    {
        // Intake inserts the row as to be surveyed while it reads consent, and marks it skipped with its
        // last writes; a delivery cut off in between left the ticket's entry and the row like this, with nothing filed or queued.
        Assert.Equal(HttpStatusCode.NoContent, (await Admin(HttpMethod.Put, "gina@example.org")).StatusCode);
        var survey = new Survey(await Claim("T-CUT"), "generic", "T-CUT", "gina@example.org", null, null, null, null, Host.Clock.GetUtcNow(), Host.Clock.GetUtcNow());
        Assert.True(await Host.Services.GetRequiredService<SurveyTable>().TryInsertAsync(survey, CancellationToken.None));

        // The helpdesk's retry: a repeat of a known ticket, answered 200.
        Assert.Equal(HttpStatusCode.OK, (await Host.SendTicketAsync(PipelineHost.Ticket("T-CUT", "gina@example.org"))).StatusCode);

        await Host.WaitForQueueDrainedAsync();
        Assert.Empty(SendGrid.Received);
        Assert.Equal((EmailState.Skipped, "suppressed"), ((await Stored("T-CUT")).Email, (await Stored("T-CUT")).SkipReason));
        var notSurveyed = (await Host.AdminAsync(HttpMethod.Get, "/api/admin/tickets/not-surveyed"))["items"]!.AsArray();
        Assert.Equal("suppressed", Assert.Single(notSurveyed)!["reason"]!.GetValue<string>());
    }

    private async Task Accept(string ticket, string email, DateTimeOffset? resolvedAt = null) =>
        Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(PipelineHost.Ticket(ticket, email, resolvedAt: resolvedAt))).StatusCode);

    private async Task<string> Claim(string ticket) =>
        (await Host.Services.GetRequiredService<SurveysByTicket>().ClaimAsync("generic", ticket, CancellationToken.None)).SurveyId!;

    private async Task<Survey> Stored(string ticket) =>
        (await Host.Services.GetRequiredService<SurveyTable>().GetAsync(await Host.Services.SurveyIdOfAsync(ticket), CancellationToken.None))!.Survey;

    private async Task<HttpResponseMessage> Admin(HttpMethod method, string email)
    {
        using var request = new HttpRequestMessage(method, $"/api/admin/suppressions/{email}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PipelineHost.AdminKey);
        return await Host.Http.SendAsync(request);
    }

    private static string Path(string url) => url[PipelineHost.PublicBaseUrl.Length..];
}
