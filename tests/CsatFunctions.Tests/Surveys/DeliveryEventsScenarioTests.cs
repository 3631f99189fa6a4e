using System.Net;
using System.Text.Json.Nodes;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Surveys;

/// <summary>
/// The contract's scenario for SendGrid's events and the reminder, on two self-hosts sharing one
/// storage account: events posted as SendGrid posts them (out of order, one batch twice), ratings,
/// the published figures, the suppression list, and reminders when the clock says they are due.
/// </summary>
public sealed class DeliveryEventsScenarioTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Ten_tickets_eight_delivered_two_undeliverable_four_rated_and_one_reminder_to_each_silent_customer()
    {
        var clock = new MidMonthClock();
        var prefix = AzuriteFixture.UniquePrefix();
        void Configure(Dictionary<string, string?> settings)
        {
            settings["Csat:StoragePrefix"] = prefix;
            settings["Csat:ReminderAfterDays"] = "3";
        }

        await using var sendGrid = await SendGridStub.StartAsync();
        await using var first = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, Configure, clock: clock, longestQueueDelay: TimeSpan.FromMilliseconds(300));
        await using var second = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, Configure, clock: clock, longestQueueDelay: TimeSpan.FromMilliseconds(300));

        for (var i = 0; i < 10; i++)
        {
            var ticket = JsonNode.Parse(PipelineHost.Ticket($"T-{i}", Customer(i)))!;
            ticket["touchpoint"] = "hosting";
            Assert.Equal(HttpStatusCode.Accepted, (await (i % 2 == 0 ? first : second).SendTicketAsync(ticket.ToJsonString())).StatusCode);
        }

        var surveys = (await sendGrid.WaitForAsync(10)).ToDictionary(SurveyMail.ToAddressOf);
        string Id(int i) => SurveyMail.SurveyIdOf(surveys[Customer(i)]);
        var sent = clock.GetUtcNow();

        // Customer 8 bounces and then (a later batch, an earlier post) is reported delivered too; 9 is dropped.
        var early = SendGridEvents.Batch(
            [
                .. Enumerable.Range(0, 4).Select(i => SendGridEvents.Event("delivered", Id(i), Customer(i), sent.AddSeconds(5))),
                .. Enumerable.Range(0, 10).Select(i => SendGridEvents.Event("processed", Id(i), Customer(i), sent.AddSeconds(1))),
                SendGridEvents.Bounce(Id(8), Customer(8), sent.AddSeconds(3)),
                SendGridEvents.Event("open", Id(0), Customer(0), sent.AddSeconds(9)),
                SendGridEvents.Event("delivered", "0123456789abcdef0123456789abcdef", "stranger@example.org", sent.AddSeconds(5)),
            ]);
        var late = SendGridEvents.Batch(
            [
                .. Enumerable.Range(4, 4).Select(i => SendGridEvents.Event("delivered", Id(i), Customer(i), sent.AddSeconds(6))),
                SendGridEvents.Dropped(Id(9), Customer(9), sent.AddSeconds(2)),
                SendGridEvents.Event("delivered", Id(8), Customer(8), sent.AddSeconds(30)),
                SendGridEvents.Event("deferred", Id(7), Customer(7), sent.AddSeconds(4)),
            ]);
        foreach (var (batch, host) in new[] { (late, first), (early, second), (early, first) })
        {
            using var answer = await host.PostEventsAsync(batch);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        await first.WaitForEventsAppliedAsync();
        for (var i = 0; i < 4; i++)
        {
            using var rated = await first.Http.PostAsync(SurveyMail.PostPathFor(surveys[Customer(i)]), new FormUrlEncodedContent([new("rating", i == 3 ? "unsatisfactory" : "excellent")]));
            Assert.Equal(HttpStatusCode.OK, rated.StatusCode);
        }

        var score = await first.RefreshScoreAsync();
        foreach (var window in new[] { score["windows"]!["last30Days"]!, score["windows"]!["allTime"]!, score["touchpoints"]!["hosting"]!["last7Days"]! })
        {
            Assert.Equal((10, 4, 8, 2), (Count(window, "surveyed"), Count(window, "rated"), Count(window, "delivered"), Count(window, "undeliverable")));
            Assert.Equal(50.0m, window["responseRateOfDeliveredPercent"]!.GetValue<decimal>());
            Assert.Equal(40.0m, window["responseRatePercent"]!.GetValue<decimal>());
        }

        Assert.Equal("bounce", (await first.AdminAsync(HttpMethod.Get, $"/api/admin/suppressions/{Customer(8)}"))["reason"]!.GetValue<string>());
        Assert.Equal("dropped: Bounced Address", (await first.AdminAsync(HttpMethod.Get, $"/api/admin/suppressions/{Customer(9)}"))["reason"]!.GetValue<string>());
        Assert.False((await first.AdminAsync(HttpMethod.Get, $"/api/admin/suppressions/{Customer(7)}"))["suppressed"]!.GetValue<bool>());

        // The bounced address's next ticket is counted, and shown to the team as not asked because it is suppressed;
        Assert.Equal(HttpStatusCode.Accepted, (await first.SendTicketAsync(PipelineHost.Ticket("T-8-again", Customer(8)))).StatusCode);
        // The two whose survey never arrived are listed for the team too.
        var notAsked = (await first.AdminAsync(HttpMethod.Get, "/api/admin/tickets/not-surveyed"))["items"]!.AsArray()
            .Select(item => (item!["ticketId"]!.GetValue<string>(), item["reason"]!.GetValue<string>())).Order();
        Assert.Equal([("T-8", "undeliverable"), ("T-8-again", "suppressed"), ("T-9", "undeliverable")], notAsked);

        // Nothing is due yet; then three days pass on the hosts' clock.
        Assert.Equal(10, sendGrid.Received.Count);
        clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        var all = await sendGrid.WaitForAsync(14);
        foreach (var host in new[] { first, second })
        {
            await Eventually.TrueAsync(async () => (await host.ReminderQueue.Client.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "the reminders to settle");
        }

        var reminders = sendGrid.Received.Skip(10).ToList();
        Assert.Equal(14, sendGrid.Received.Count);
        Assert.Equal([Customer(4), Customer(5), Customer(6), Customer(7)], reminders.Select(SurveyMail.ToAddressOf).Order());
        Assert.All(reminders, reminder =>
        {
            var original = surveys[SurveyMail.ToAddressOf(reminder)];
            Assert.StartsWith("Reminder: ", reminder.Json["personalizations"]![0]!["subject"]!.GetValue<string>());
            Assert.Equal("reminder", reminder.Json["personalizations"]![0]!["custom_args"]!["survey_email"]!.GetValue<string>());
            Assert.Equal(SurveyMail.LinkFor(original, "excellent"), SurveyMail.LinkFor(reminder, "excellent"));
        });

        var afterReminders = await second.RefreshScoreAsync();
        Assert.Equal(4, Count(afterReminders["windows"]!["allTime"]!, "reminded"));
    }

    private static string Customer(int i) => $"c{i}@example.org";

    private static int Count(JsonNode window, string field) => window[field]!.GetValue<int>();
}
