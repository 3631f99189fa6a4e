using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsatFunctions.Helpdesks;
using CsatFunctions.Tests.Infrastructure;
using CsatFunctions.Tickets;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Tests.Helpdesks;

/// <summary>
/// Each helpdesk's reopen signal as its reader takes the vendor's delivery (the fixtures beside each
/// helpdesk's tests): the documented reopen is a reopen of the right ticket, at the vendor's time when
/// it gives one; a resolution is still a resolution; a delivery about something other than the
/// ticket's status (another event, a merge, a deletion, spam) changes nothing. Where the admin writes
/// the body with placeholders (Zendesk, Freshdesk, Freshservice), a status the helpdesk renders in the
/// account's language or names itself is a resolution: a resolved ticket is never dropped for it.
/// </summary>
public sealed partial class ReopenSignalTests
{
    /// <summary>After every fixture's times: a time the vendor gives is kept, never taken for one from the future.</summary>
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("zendesk")]
    [InlineData("freshdesk")]
    [InlineData("freshservice")]
    public void The_two_bodies_a_placeholder_helpdesks_page_documents_are_a_resolution_and_a_reopen_without_a_status_placeholder(string helpdesk)
    {
        var page = File.ReadAllText(Path.Combine(AzuriteProcess.RepositoryRoot(), "docs", "helpdesks", helpdesk + ".md"));
        var bodies = JsonBlock().Matches(page).Select(block => Placeholder().Replace(block.Groups["body"].Value, SampleOf)).ToList();

        Assert.Equal(2, bodies.Count);
        Assert.All(bodies, body => Assert.DoesNotContain("{{", body, StringComparison.Ordinal));
        Assert.Equal(("42", "ann@example.org"), (Read(helpdesk, bodies[0]).Ticket?.TicketId, Read(helpdesk, bodies[0]).Ticket?.CustomerEmail));
        Assert.Equal(new TicketReopened("42", null), Read(helpdesk, bodies[1]).Reopened);
    }

    [Fact]
    public void Zendesk_the_documented_bodies_literal_statuses_are_a_resolution_and_a_reopen()
    {
        Assert.Equal("35436", Read("zendesk", Changed(Fixture("Zendesk", "zendesk-solved.json"), body => body["status"] = "solved")).Ticket?.TicketId);
        Assert.Equal(new TicketReopened("35436", null), Read("zendesk", Changed(Fixture("Zendesk", "zendesk-solved.json"), body => body["status"] = "reopened")).Reopened);
        Assert.Equal(
            new TicketReopened("35436", new DateTimeOffset(2026, 12, 1, 8, 30, 0, TimeSpan.Zero)),
            Read("zendesk", Changed(Fixture("Zendesk", "zendesk-solved.json"), body => (body["status"], body["reopenedAt"]) = ("reopened", "2026-12-01T08:30:00Z"))).Reopened);
    }

    [Theory]
    [InlineData("Løst")]
    [InlineData("Gelöst")]
    [InlineData("Résolu")]
    [InlineData("Geschlossen")]
    [InlineData("Solved - awaiting confirmation")]
    public void Zendesk_a_status_rendered_in_the_accounts_language_or_a_custom_one_is_a_resolution_not_a_dropped_ticket(string status)
    {
        var reading = Read("zendesk", Changed(Fixture("Zendesk", "zendesk-solved.json"), body => body["status"] = status));

        Assert.Equal(("35436", "ann@example.org"), (reading.Ticket?.TicketId, reading.Ticket?.CustomerEmail));
        Assert.Null(reading.Reopened);
    }

    [Fact]
    public void Zendesk_a_status_changed_from_solved_is_a_reopen_and_a_deleted_or_merged_ticket_is_neither()
    {
        Assert.Equal(new TicketReopened("35436", null), Read("zendesk", Fixture("Zendesk", "zendesk-reopened.json")).Reopened);
        foreach (var open in new[] { "New", "Open", "Pending", "pending", "Hold", "On-hold", " open " })
        {
            Assert.Equal(new TicketReopened("35436", null), Read("zendesk", Changed(Fixture("Zendesk", "zendesk-solved.json"), body => body["status"] = open)).Reopened);
        }

        Assert.Equal("35436", Read("zendesk", Fixture("Zendesk", "zendesk-solved.json")).Ticket?.TicketId);

        Assert.NotNull(Read("zendesk", Changed(Fixture("Zendesk", "zendesk-solved.json"), body => body["status"] = "deleted")).IgnoredBecause);
        Assert.NotNull(Read("zendesk", Fixture("Zendesk", "zendesk-merged.json")).IgnoredBecause);
    }

    [Fact]
    public void Help_scout_a_conversation_status_set_to_active_or_pending_is_a_reopen_and_other_events_or_spam_are_not()
    {
        var reopened = Fixture("HelpScout", "helpscout-reopened-v2.json");
        Assert.Equal(new TicketReopened("123", null), Read("helpscout", reopened, ("X-HelpScout-Event", "convo.status")).Reopened);
        Assert.Equal(new TicketReopened("124", null), Read("helpscout", Fixture("HelpScout", "helpscout-active.json"), ("X-HelpScout-Event", "convo.status")).Reopened);
        Assert.Equal(new TicketReopened("123", null), Read("helpscout", Changed(reopened, body => body["status"] = "pending"), ("X-HelpScout-Event", "convo.status")).Reopened);
        Assert.Equal("123", Read("helpscout", Fixture("HelpScout", "helpscout-closed-v2.json"), ("X-HelpScout-Event", "convo.status")).Ticket?.TicketId);

        Assert.NotNull(Read("helpscout", reopened, ("X-HelpScout-Event", "convo.created")).IgnoredBecause);
        Assert.NotNull(Read("helpscout", reopened, ("X-HelpScout-Event", "convo.agent.reply.created")).IgnoredBecause);
        Assert.NotNull(Read("helpscout", Changed(reopened, body => body["status"] = "spam"), ("X-HelpScout-Event", "convo.status")).IgnoredBecause);
    }

    [Fact]
    public void Help_scout_a_customer_reply_that_leaves_the_conversation_active_is_a_reopen_and_one_that_leaves_it_closed_or_pending_is_not()
    {
        var reply = ("X-HelpScout-Event", "convo.customer.reply.created");
        Assert.Equal(new TicketReopened("123", null), Read("helpscout", Fixture("HelpScout", "helpscout-reopened-v2.json"), reply).Reopened);
        Assert.NotNull(Read("helpscout", Fixture("HelpScout", "helpscout-closed-v2.json"), reply).IgnoredBecause);
        Assert.NotNull(Read("helpscout", Changed(Fixture("HelpScout", "helpscout-reopened-v2.json"), body => body["status"] = "pending"), reply).IgnoredBecause);
    }

    [Fact]
    public void Help_scout_a_second_close_comes_after_the_first_by_userUpdatedAt_though_closedAt_stays()
    {
        var closedAgain = Changed(Fixture("HelpScout", "helpscout-closed-v2.json"), body => body["userUpdatedAt"] = "2026-12-01T08:00:00Z");
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero), Read("helpscout", closedAgain, ("X-HelpScout-Event", "convo.status")).Ticket?.ResolvedAt);
    }

    [Fact]
    public void Jira_an_update_that_clears_the_resolution_is_a_reopen_at_the_events_time_and_other_updates_or_events_are_not()
    {
        Assert.Equal(new TicketReopened("HELP-12", new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero)), Read("jira", Fixture("Jira", "jira-reopened.json")).Reopened);
        Assert.Equal("HELP-12", Read("jira", Fixture("Jira", "jira-resolved.json")).Ticket?.TicketId);

        Assert.NotNull(Read("jira", Fixture("Jira", "jira-comment-only.json")).IgnoredBecause);
        Assert.NotNull(Read("jira", Changed(Fixture("Jira", "jira-reopened.json"), body => body["webhookEvent"] = "jira:issue_deleted")).IgnoredBecause);
        Assert.NotNull(Read("jira", Changed(Fixture("Jira", "jira-reopened.json"), body => body["webhookEvent"] = "comment_created")).IgnoredBecause);
    }

    [Fact]
    public void Freshdesk_reopened_or_one_of_its_open_statuses_is_a_reopen_and_any_other_status_a_resolution()
    {
        Assert.Equal(new TicketReopened("1042", null), Read("freshdesk", Fixture("Freshdesk", "freshdesk-reopened.json")).Reopened);
        foreach (var open in new[] { "reopened", "Pending", "2", "3", "Waiting on Customer", "Waiting on Third Party" })
        {
            Assert.Equal(new TicketReopened("1042", null), Read("freshdesk", Changed(Fixture("Freshdesk", "freshdesk-resolved.json"), body => body["status"] = open)).Reopened);
        }

        foreach (var resolved in new[] { "resolved", "Closed", "4", "5", "Gelöst", "Résolu", "Awaiting refund" })
        {
            Assert.Equal("1042", Read("freshdesk", Changed(Fixture("Freshdesk", "freshdesk-resolved.json"), body => body["status"] = resolved)).Ticket?.TicketId);
        }

        Assert.Equal(
            new TicketReopened("1042", new DateTimeOffset(2026, 12, 1, 8, 30, 0, TimeSpan.Zero)),
            Read("freshdesk", Changed(Fixture("Freshdesk", "freshdesk-reopened.json"), body => (body["status"], body["reopenedAt"]) = ("Pending", "2026-12-01T08:30:00Z"))).Reopened);
        Assert.Equal("1042", Read("freshdesk", Fixture("Freshdesk", "freshdesk-resolved.json")).Ticket?.TicketId);
    }

    [Fact]
    public void Freshservice_reopened_or_one_of_its_open_statuses_by_name_or_id_is_a_reopen_and_any_other_status_a_resolution()
    {
        Assert.Equal(new TicketReopened("4711", null), Read("freshservice", Fixture("Freshservice", "freshservice-reopened.json")).Reopened);
        foreach (var open in new[] { "reopened", "Pending", "2", "3" })
        {
            Assert.Equal(new TicketReopened("4711", null), Read("freshservice", Changed(Fixture("Freshservice", "freshservice-resolved.json"), body => body["status"] = open)).Reopened);
        }

        Assert.Equal("4711", Read("freshservice", Fixture("Freshservice", "freshservice-resolved.json")).Ticket?.TicketId);
        foreach (var resolved in new[] { "resolved", "5", "Gelöst", "Résolu", "Awaiting vendor" })
        {
            Assert.Equal("4711", Read("freshservice", Changed(Fixture("Freshservice", "freshservice-resolved.json"), body => body["status"] = resolved)).Ticket?.TicketId);
        }
    }

    [Fact]
    public void Zammad_a_ticket_in_a_state_that_is_not_closed_is_a_reopen_at_its_update_and_a_merged_one_is_neither()
    {
        Assert.Equal(new TicketReopened("81", new DateTimeOffset(2026, 11, 23, 10, 12, 40, 131, TimeSpan.Zero)), Read("zammad", Fixture("Zammad", "zammad-reopened.json")).Reopened);
        Assert.Equal("81", Read("zammad", Fixture("Zammad", "zammad-closed.json")).Ticket?.TicketId);

        var merged = Changed(Fixture("Zammad", "zammad-closed.json"), body => body["ticket"]!["state"] = "merged");
        Assert.NotNull(Read("zammad", merged).IgnoredBecause);
        Assert.Equal("81", Read("zammad", merged, settings: new() { ["ClosedStates"] = "closed,merged" }).Ticket?.TicketId);

        // A team that resolves with a state of its own: Zammad's built-in closed is not a reopen.
        var solvedOnly = new Dictionary<string, string> { ["ClosedStates"] = "solved" };
        Assert.NotNull(Read("zammad", Fixture("Zammad", "zammad-closed.json"), settings: solvedOnly).IgnoredBecause);
        Assert.NotNull(Read("zammad", Changed(Fixture("Zammad", "zammad-closed.json"), body => body["ticket"]!["state"] = "removed"), settings: solvedOnly).IgnoredBecause);
        Assert.Equal(new TicketReopened("81", new DateTimeOffset(2026, 11, 23, 10, 12, 40, 131, TimeSpan.Zero)), Read("zammad", Fixture("Zammad", "zammad-reopened.json"), settings: solvedOnly).Reopened);
    }

    [Fact]
    public void Zammad_a_close_after_a_reopen_is_timed_by_last_close_at_as_close_at_stays_at_the_first()
    {
        var closedAgain = Changed(Fixture("Zammad", "zammad-closed.json"), body => (body["ticket"]!["last_close_at"], body["ticket"]!["updated_at"]) = ("2026-11-24T09:00:00.000Z", "2026-11-24T09:00:00.012Z"));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero), Read("zammad", closedAgain).Ticket?.ResolvedAt);

        var withoutLastClose = Changed(Fixture("Zammad", "zammad-closed.json"), body => body["ticket"]!.AsObject().Remove("last_close_at"));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 12, 40, 131, TimeSpan.Zero), Read("zammad", withoutLastClose).Ticket?.ResolvedAt);
    }

    [Fact]
    public void Halo_psa_a_ticket_whose_status_is_not_closed_is_a_reopen_at_the_events_time_in_either_payload()
    {
        Assert.Equal(new TicketReopened("2231", new DateTimeOffset(2026, 11, 23, 10, 15, 2, TimeSpan.Zero)), Read("halopsa", Fixture("HaloPsa", "halopsa-reopened.json")).Reopened);
        Assert.NotNull(Read("halopsa", Fixture("HaloPsa", "halopsa-closed.json")).Ticket);
        Assert.Equal(new TicketReopened("2231", null), Read("halopsa", Changed(Fixture("HaloPsa", "halopsa-custom-closed.json"), body => (body["ticketId"], body["status"]) = ("2231", "In Progress"))).Reopened);
        Assert.NotNull(Read("halopsa", Fixture("HaloPsa", "halopsa-custom-closed.json")).Ticket);

        Assert.NotNull(Read("halopsa", Changed(Fixture("HaloPsa", "halopsa-reopened.json"), body => body["ticket"]!.AsObject().Remove("status_id"))).IgnoredBecause);

        // Resolved with Resolved (8): Halo's own move on to Closed (9) is not a reopen, by id or by name.
        var resolvedOnly = new Dictionary<string, string> { ["ClosedStatuses"] = "8,Resolved" };
        Assert.NotNull(Read("halopsa", Fixture("HaloPsa", "halopsa-closed.json"), resolvedOnly).IgnoredBecause);
        Assert.NotNull(Read("halopsa", Fixture("HaloPsa", "halopsa-custom-closed.json"), resolvedOnly).IgnoredBecause);
        Assert.Equal("2231", Read("halopsa", Changed(Fixture("HaloPsa", "halopsa-closed.json"), body => body["ticket"]!["status_id"] = 8), resolvedOnly).Ticket?.TicketId);
        Assert.NotNull(Read("halopsa", Fixture("HaloPsa", "halopsa-reopened.json"), resolvedOnly).Reopened);
    }

    [Fact]
    public void Whmcs_the_hooks_reopen_and_any_status_but_closed_is_a_reopen()
    {
        // The body is our hook's, so an unknown status is not a localised resolution here, unlike the helpdesks above.
        Assert.Equal(new TicketReopened("516757", null), Read("whmcs", """{"ticketId":"516757","customer":{"email":"ann@example.org"},"status":"Gelöst"}""").Reopened);
        Assert.Equal(
            new TicketReopened("1", new DateTimeOffset(2026, 12, 1, 8, 0, 0, 250, TimeSpan.Zero)),
            Read("whmcs", """{"ticketId":"1","status":"reopened","reopenedAt":"2026-12-01T08:00:00.250Z"}""").Reopened);
        Assert.Equal(new TicketReopened("516757", null), Read("whmcs", """{"ticketId":"516757","customer":{"email":"ann@example.org"},"status":"Customer-Reply"}""").Reopened);
        Assert.Equal("516757", Read("whmcs", """{"ticketId":"516757","customer":{"email":"ann@example.org"},"status":"Closed"}""").Ticket?.TicketId);
        Assert.NotNull(Read("whmcs", """{"status":"reopened"}""").Errors?["ticketId"]);
    }

    [Fact]
    public void Connectwise_a_callback_whose_ticket_is_open_is_a_reopen_at_its_save_and_a_deleted_ticket_or_another_record_is_not()
    {
        Assert.Equal(new TicketReopened("1042", new DateTimeOffset(2026, 11, 30, 15, 42, 10, TimeSpan.Zero)), Read("connectwise", Fixture("ConnectWise", "connectwise-callback-open.json")).Reopened);
        Assert.Equal("1042", Read("connectwise", Fixture("ConnectWise", "connectwise-callback-closed.json")).LookUp?.TicketId);

        Assert.NotNull(Read("connectwise", Changed(Fixture("ConnectWise", "connectwise-callback-open.json"), body => body["Action"] = "deleted")).IgnoredBecause);
        Assert.NotNull(Read("connectwise", Changed(Fixture("ConnectWise", "connectwise-callback-open.json"), body => body["Type"] = "company")).IgnoredBecause);
    }

    [Fact]
    public void Autotask_a_callout_with_a_status_that_is_not_complete_is_a_reopen_at_its_event_time_and_a_deletion_or_another_entity_is_not()
    {
        Assert.Equal(new TicketReopened("29683", new DateTimeOffset(2026, 12, 1, 16, 3, 40, 108, TimeSpan.Zero)), Read("autotask", Fixture("Autotask", "callout-in-progress.json")).Reopened);
        Assert.Equal("29683", Read("autotask", Fixture("Autotask", "callout-complete.json")).LookUp?.TicketId);

        Assert.NotNull(Read("autotask", Changed(Fixture("Autotask", "callout-in-progress.json"), body => body["Action"] = "Delete")).IgnoredBecause);
        Assert.NotNull(Read("autotask", Changed(Fixture("Autotask", "callout-in-progress.json"), body => body["EntityType"] = "Contact")).IgnoredBecause);

        // Resolved with a status of the team's own: Autotask's Complete (5) is not a reopen.
        Assert.NotNull(Read("autotask", Fixture("Autotask", "callout-complete.json"), new Dictionary<string, string> { ["CompleteStatuses"] = "29" }).IgnoredBecause);
    }

    private static HelpdeskReading Read(string helpdesk, string body, params (string Name, string Value)[] headers) => Read(helpdesk, body, null, headers);

    private static HelpdeskReading Read(string helpdesk, string body, Dictionary<string, string>? settings, params (string Name, string Value)[] headers)
    {
        var given = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            given[name] = value;
        }

        return HelpdeskFormats.Find(helpdesk)!.Read(new HelpdeskConfig(helpdesk, settings ?? []), given, Encoding.UTF8.GetBytes(body), Now);
    }

    /// <summary>What a helpdesk renders for a placeholder: the requester's address for an email, a ticket number for the rest; a status placeholder is left as it is, so that the test sees it.</summary>
    private static string SampleOf(Match placeholder) =>
        placeholder.Groups["name"].Value switch
        {
            var name when name.EndsWith(".status", StringComparison.Ordinal) => placeholder.Value,
            var name when name.EndsWith(".email", StringComparison.Ordinal) => "ann@example.org",
            _ => "42",
        };

    [GeneratedRegex(@"```json\s*(?<body>\{[^\n]*\})")]
    private static partial Regex JsonBlock();

    [GeneratedRegex(@"\{\{(?<name>[a-z_.]+)\}\}")]
    private static partial Regex Placeholder();

    private static string Fixture(string folder, string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Helpdesks", folder, "Fixtures", name));

    private static string Changed(string json, Action<JsonObject> change)
    {
        var body = JsonNode.Parse(json)!.AsObject();
        change(body);
        return body.ToJsonString();
    }
}
