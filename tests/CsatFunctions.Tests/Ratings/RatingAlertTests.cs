using System.Net;
using System.Text.Json.Nodes;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Ratings;

/// <summary>A bad rating reaches the team lead at once, by email and in chat, once.</summary>
public sealed class RatingAlertTests(AzuriteFixture azurite) : PipelineTest(azurite), IAsyncLifetime
{
    private const string Lead = "support-lead@example-hosting.test";
    private readonly ChatStub chat = ChatStub.Start();

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Csat:AlertEmail"] = Lead;
        settings["Csat:AlertWebhookUrl"] = chat.Url + "hooks/team-channel";
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        await chat.DisposeAsync();
    }

    [Fact]
    public async Task An_unsatisfactory_rating_alerts_the_lead_by_email_and_chat_with_ticket_agent_and_comment()
    {
        var mail = await Host.SurveyEmailForAsync(SendGrid, PipelineHost.Ticket("T-BAD", "eve@example.org", "Eve", "Mail bounces", "Patrick", "phone"));

        await Host.AnswerAsync(mail, "unsatisfactory", "Nobody <b>called</b> back");
        var alert = (await SendGrid.WaitForAsync(2))[1];
        var posted = await chat.WaitForAsync(1);

        Assert.Equal(Lead, SurveyMail.ToAddressOf(alert));
        Assert.Equal("Unsatisfactory rating for ticket T-BAD \"Mail bounces\" (agent Patrick) from Eve", alert.Json["personalizations"]![0]!["subject"]!.GetValue<string>());
        var text = SurveyMail.Text(alert, "text/plain");
        Assert.Contains("Comment: Nobody <b>called</b> back", text);
        Assert.Contains("Customer: Eve <eve@example.org>", text);
        Assert.Contains("Nobody &lt;b&gt;called&lt;/b&gt; back", SurveyMail.Text(alert, "text/html"));
        Assert.Equal("alert", alert.Json["personalizations"]![0]!["custom_args"]!["kind"]!.GetValue<string>());
        var followUp = $"{PipelineHost.PublicBaseUrl}/api/admin/desk#followup-{SurveyMail.SurveyIdOf(mail)}";
        Assert.Contains($"Follow up: {followUp}", text);
        var chatText = JsonNode.Parse(posted[0])!["text"]!.GetValue<string>();
        Assert.Equal($"Unsatisfactory rating for ticket T-BAD \"Mail bounces\" (agent Patrick) from Eve: \"Nobody <b>called</b> back\" · follow up: {followUp}", WebUtility.HtmlDecode(chatText));
        Assert.Contains("Nobody &#60;b&#62;called&#60;&#47;b&#62; back", chatText);
        Assert.Equal("/hooks/team-channel", chat.Paths.Single());
    }

    [Fact]
    public async Task The_alert_names_the_client_company_when_the_ticket_has_one()
    {
        var mail = await Host.SurveyEmailForAsync(SendGrid, PipelineHost.Ticket("T-CO", "eve@example.org", "Eve", agent: "Patrick", company: "Acme <Ltd>"));

        await Host.AnswerAsync(mail, "unsatisfactory");
        var alert = (await SendGrid.WaitForAsync(2))[1];
        var chatText = JsonNode.Parse((await chat.WaitForAsync(1))[0])!["text"]!.GetValue<string>();

        Assert.Equal("Unsatisfactory rating for ticket T-CO (agent Patrick) from Eve at Acme <Ltd>", alert.Json["personalizations"]![0]!["subject"]!.GetValue<string>());
        Assert.Contains("Company: Acme <Ltd>", SurveyMail.Text(alert, "text/plain"));
        Assert.Contains("<th align=\"left\">Company</th><td>Acme &lt;Ltd&gt;</td>", SurveyMail.Text(alert, "text/html"));
        Assert.StartsWith("Unsatisfactory rating for ticket T-CO (agent Patrick) from Eve at Acme <Ltd>", WebUtility.HtmlDecode(chatText));
        Assert.DoesNotContain("<Ltd>", chatText);
    }

    /// <summary>What a customer might write to reach the whole channel, or pass a link off as another, or shout.</summary>
    private const string Name = "<!channel> Mallory @all";
    private const string Subject = "*URGENT* <http://evil.example|your bank> @here";
    private const string Comment = "@channel <@U123> <!here> [log in](http://evil.example) _now_ ~or~ `else` & > quote";

    [Fact]
    public async Task Customer_text_reaches_a_markdown_chat_as_written_with_no_mention_link_or_formatting()
    {
        var mail = await Host.SurveyEmailForAsync(SendGrid, PipelineHost.Ticket("T-MM", "mallory@example.org", Name, Subject));

        await Host.AnswerAsync(mail, "unsatisfactory", Comment);
        var text = JsonNode.Parse((await chat.WaitForAsync(1))[0])!["text"]!.GetValue<string>();

        // Mattermost shows each reference as its character: the same words, none of them markup.
        var followUp = $" · follow up: {PipelineHost.PublicBaseUrl}/api/admin/desk#followup-{SurveyMail.SurveyIdOf(mail)}";
        Assert.EndsWith(followUp, text);
        var customerPart = text[..^followUp.Length];
        Assert.Equal($"Unsatisfactory rating for ticket T-MM \"{Subject}\" (agent unassigned) from {Name}: \"{Comment}\"", WebUtility.HtmlDecode(customerPart));
        foreach (var markup in new[] { "@", "<", ">", "[", "]", "*", "_", "~", "`", "|", "!" })
        {
            Assert.DoesNotContain(markup, customerPart);
        }

        Assert.Contains("&#64;channel &#60;&#64;U123&#62;", customerPart);
        Assert.Null(JsonNode.Parse(chat.Bodies[0])!["mrkdwn"]);
    }

    [Fact]
    public async Task Customer_text_reaches_slack_escaped_as_slack_documents_with_its_formatting_off()
    {
        await using var slack = await PipelineHost.StartAsync(
            Azurite.ConnectionString,
            SendGrid,
            settings =>
            {
                settings["Csat:AlertWebhookUrl"] = chat.Url + "services/T000/B000/secret";
                settings["Csat:AlertWebhookFormat"] = "slack";
            },
            clock: Host.Clock);
        var before = SendGrid.Received.Count;
        Assert.Equal(HttpStatusCode.Accepted, (await slack.SendTicketAsync(PipelineHost.Ticket("T-SLACK", "mallory@example.org", Name, Subject))).StatusCode);
        var mail = (await SendGrid.WaitForAsync(before + 1))[before];

        using (var rated = await slack.Http.PostAsync(SurveyMail.PostPathFor(mail), new FormUrlEncodedContent([new("rating", "unsatisfactory"), new("comment", Comment)])))
        {
            Assert.Equal(HttpStatusCode.OK, rated.StatusCode);
        }

        var body = JsonNode.Parse((await chat.WaitForAsync(1))[0])!;
        var text = body["text"]!.GetValue<string>();

        Assert.False(body["mrkdwn"]!.GetValue<bool>());
        Assert.StartsWith(
            "Unsatisfactory rating for ticket T-SLACK \"*URGENT* &lt;http://evil.example|your bank&gt; @here\" (agent unassigned) from &lt;!channel&gt; Mallory @all: " +
            "\"@channel &lt;@U123&gt; &lt;!here&gt; [log in](http://evil.example) _now_ ~or~ `else` &amp; &gt; quote\" · follow up: ",
            text);
        Assert.Equal("/services/T000/B000/secret", chat.Paths.Single());
    }

    [Fact]
    public async Task Good_ratings_and_the_same_bad_rating_sent_again_alert_nobody()
    {
        var happy = await Host.SurveyEmailForAsync(SendGrid, PipelineHost.Ticket("T-GOOD", "ann@example.org"));
        var unhappy = await Host.SurveyEmailForAsync(SendGrid, PipelineHost.Ticket("T-AGAIN", "bob@example.org"));

        await Host.AnswerAsync(happy, "excellent");
        await Host.AnswerAsync(happy, "satisfactory");
        await Host.AnswerAsync(unhappy, "unsatisfactory");
        await Host.AnswerAsync(unhappy, "unsatisfactory", "still unhappy");
        await chat.WaitForAsync(1);
        await Eventually.TrueAsync(
            async () => (await Host.AlertQueue.Client.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
            "the alert queue to drain");

        Assert.Single(SendGrid.Received, m => SurveyMail.ToAddressOf(m) == Lead);
        Assert.Single(chat.Bodies);
    }

    [Fact]
    public async Task An_alert_the_chat_keeps_refusing_is_counted_for_the_team_and_delivered_once_replayed()
    {
        chat.Failing = true;
        var mail = await Host.SurveyEmailForAsync(SendGrid, PipelineHost.Ticket("T-DOWN", "dan@example.org"));

        await Host.AnswerAsync(mail, "unsatisfactory", "Chat is down too");
        await Eventually.TrueAsync(
            async () => (await Host.AdminAsync(HttpMethod.Get, "/api/admin/surveys/failed"))["poisonedAlerts"]!.GetValue<int>() == 1,
            "the failed alert to be listed");
        Assert.Empty(chat.Bodies);

        chat.Failing = false;
        var replay = await Host.AdminAsync(HttpMethod.Post, "/api/admin/alerts/poison/replay");

        Assert.Equal(1, replay["replayed"]!.GetValue<int>());
        Assert.Contains("Chat is down too", Assert.Single(await chat.WaitForAsync(1)));
        Assert.Equal(0, (await Host.AdminAsync(HttpMethod.Get, "/api/admin/surveys/failed"))["poisonedAlerts"]!.GetValue<int>());
        await Eventually.TrueAsync(
            async () => (await Host.AlertQueue.Client.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
            "the alert queue to drain");
        Assert.Single(SendGrid.Received, m => SurveyMail.ToAddressOf(m) == Lead);
        Assert.Single(chat.Bodies);
    }
}
