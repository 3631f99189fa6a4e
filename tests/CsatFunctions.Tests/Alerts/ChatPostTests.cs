using System.Net;
using System.Text.Json.Nodes;
using CsatFunctions.Alerts;
using CsatFunctions.Storage;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Alerts;

/// <summary>Chat posts that read well: Slack's Block Kit, a Teams Workflows Adaptive Card, kudos; customer text shown as written, mentioning nobody.</summary>
public sealed class ChatPostTests(AzuriteFixture azurite) : PipelineTest(azurite), IAsyncLifetime
{
    private const string Lead = "support-lead@example-hosting.test";

    /// <summary>What a customer might write to reach the whole channel, pass a link off as another, format or inject markup.</summary>
    private const string Hostile = "<!channel> @here *bold* [link](http://x) <http://evil|click> <b>html</b> & done";
    private const string HostileName = "<!here> Mallory *Boss*";
    private const string HostileSubject = "@channel [urgent](http://evil.example)";
    private const string HostileCompany = "<http://evil|Acme> _Ltd_";

    private static readonly string[] HostileParts = ["<!channel>", "@here", "*bold*", "[link](http://x)", "<http://evil|click>", "<b>html</b>", "<!here>", "@channel", "evil"];

    private readonly ChatStub chat = ChatStub.Start();

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Csat:AlertEmail"] = Lead;
        settings["Csat:AlertWebhookUrl"] = chat.Url + "alerts";
        settings["Csat:AlertWebhookFormat"] = "slack";
        settings["Csat:KudosWebhookUrl"] = chat.Url + "kudos";
        settings["Csat:KudosWebhookFormat"] = "teams";
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        await chat.DisposeAsync();
    }

    [Fact]
    public async Task A_slack_alert_is_block_kit_with_customer_text_in_plain_text_as_written_and_the_lead_still_gets_the_email()
    {
        var mail = await Host.SurveyEmailForAsync(SendGrid, PipelineHost.Ticket("T-SL", "mallory@example.org", HostileName, HostileSubject, "Patrick", company: HostileCompany));

        await Host.AnswerAsync(mail, "unsatisfactory", Hostile);
        var body = JsonNode.Parse(Assert.Single(await chat.WaitForAsync(1)))!;

        Assert.Equal("/alerts", chat.Paths.Single());
        var blocks = body["blocks"]!.AsArray();
        Assert.Equal(["header", "section", "section", "section", "section"], blocks.Select(block => block!["type"]!.GetValue<string>()));
        Assert.Equal(("plain_text", "Unsatisfactory rating"), Text(blocks[0]!["text"]!));
        var fields = blocks[1]!["fields"]!.AsArray().Concat(blocks[2]!["fields"]!.AsArray()).Select(field => Text(field!)).ToList();
        Assert.Equal(
            [
                ("mrkdwn", "*Rating*"), ("plain_text", "Unsatisfactory"), ("mrkdwn", "*Ticket*"), ("plain_text", "T-SL"),
                ("mrkdwn", "*Subject*"), ("plain_text", HostileSubject), ("mrkdwn", "*Agent*"), ("plain_text", "Patrick"),
                ("mrkdwn", "*Company*"), ("plain_text", HostileCompany), ("mrkdwn", "*Customer*"), ("plain_text", HostileName),
            ],
            fields);
        Assert.True(blocks[1]!["fields"]!.AsArray().Count <= 10, "Slack allows ten fields a section");
        Assert.Equal(("plain_text", Hostile), Text(blocks[3]!["text"]!));
        var followUp = $"{PipelineHost.PublicBaseUrl}/api/admin/desk#followup-{SurveyMail.SurveyIdOf(mail)}";
        Assert.Equal(("mrkdwn", $"<{followUp}|Follow up at the desk>"), Text(blocks[4]!["text"]!));
        Assert.All(TextObjects(blocks).Where(text => text["type"]!.GetValue<string>() == "plain_text"), text => Assert.False(text["emoji"]!.GetValue<bool>()));

        // The fallback shows in the notification: Slack's three entities, formatting off.
        var fallback = body["text"]!.GetValue<string>();
        Assert.False(body["mrkdwn"]!.GetValue<bool>());
        Assert.Contains("&lt;!channel&gt; @here *bold* [link](http://x) &lt;http://evil|click&gt; &lt;b&gt;html&lt;/b&gt; &amp; done", fallback);
        Assert.DoesNotContain('<', fallback);
        Assert.DoesNotContain("mallory@example.org", body.ToJsonString());

        Assert.Single(await SendGrid.WaitForAsync(2), m => SurveyMail.ToAddressOf(m) == Lead);
    }

    [Fact]
    public async Task Kudos_for_an_excellent_answer_with_a_comment_is_a_teams_adaptive_card_with_customer_text_only_in_text_runs()
    {
        var mail = await Host.SurveyEmailForAsync(SendGrid, PipelineHost.Ticket("T-TM", "mallory@example.org", HostileName, HostileSubject, "Patrick", company: HostileCompany));

        await Host.AnswerAsync(mail, "excellent", Hostile);
        var body = JsonNode.Parse(Assert.Single(await chat.WaitForAsync(1)))!;

        Assert.Equal("/kudos", chat.Paths.Single());
        Assert.Equal("message", body["type"]!.GetValue<string>());
        var attachment = Assert.Single(body["attachments"]!.AsArray())!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment["contentType"]!.GetValue<string>());
        Assert.True(attachment.AsObject().ContainsKey("contentUrl") && attachment["contentUrl"] is null);
        var card = attachment["content"]!;
        Assert.Equal(("AdaptiveCard", "1.4"), (card["type"]!.GetValue<string>(), card["version"]!.GetValue<string>()));
        var items = card["body"]!.AsArray();
        Assert.Equal("TextBlock", items[0]!["type"]!.GetValue<string>());
        Assert.Equal("Kudos: Excellent rating", items[0]!["text"]!.GetValue<string>());
        Assert.Equal("FactSet", items[1]!["type"]!.GetValue<string>());
        var runs = items.Where(item => item!["type"]!.GetValue<string>() == "RichTextBlock")
            .Select(item => string.Concat(item!["inlines"]!.AsArray().Select(run => run!["text"]!.GetValue<string>())))
            .ToList();
        Assert.Equal([$"Ticket: T-TM", $"Subject: {HostileSubject}", "Agent: Patrick", $"Company: {HostileCompany}", $"Customer: {HostileName}", Hostile], runs);
        Assert.All(items.Where(item => item!["type"]!.GetValue<string>() is "TextBlock" or "FactSet"), item => Assert.All(HostileParts, part => Assert.DoesNotContain(part, item!.ToJsonString())));
        var action = Assert.Single(card["actions"]!.AsArray())!;
        Assert.Equal(("Action.OpenUrl", $"{PipelineHost.PublicBaseUrl}/api/admin/desk#answers"), (action["type"]!.GetValue<string>(), action["url"]!.GetValue<string>()));
        Assert.DoesNotContain("mallory@example.org", body.ToJsonString());
        Assert.DoesNotContain("msteams", body.ToJsonString());
    }

    [Fact]
    public async Task Kudos_goes_out_once_per_answer_and_never_without_a_comment_or_for_a_bad_answer()
    {
        var praised = await Host.SurveyEmailForAsync(SendGrid, PipelineHost.Ticket("T-1", "ann@example.org", "Ann"));
        var silent = await Host.SurveyEmailForAsync(SendGrid, PipelineHost.Ticket("T-2", "bob@example.org", "Bob"));
        var unhappy = await Host.SurveyEmailForAsync(SendGrid, PipelineHost.Ticket("T-3", "cy@example.org", "Cy"));

        await Host.AnswerAsync(praised, "excellent", "Wonderful");
        await Host.AnswerAsync(silent, "excellent");
        await Host.AnswerAsync(unhappy, "unsatisfactory", "Awful");
        await chat.WaitForAsync(2);

        // The same message again, as a redelivery or a repair raises it: nothing more.
        var alerts = Host.Services.GetRequiredService<JsonQueue<RatingAlertMessage>>();
        var survey = (await Host.Services.GetRequiredService<CsatFunctions.Surveys.SurveyTable>().GetAsync(SurveyMail.SurveyIdOf(praised), CancellationToken.None))!.Survey;
        await alerts.EnqueueAsync(new RatingAlertMessage(survey.Id, survey.RatedAt!.Value), null, CancellationToken.None);
        await Host.Services.GetRequiredService<RatingAlerts>().RaiseIfMissedAsync(survey, CancellationToken.None);
        await Eventually.TrueAsync(async () => (await alerts.Client.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "the alert queue to drain");

        Assert.Equal(["/alerts", "/kudos"], chat.Paths.Order(StringComparer.Ordinal));
        var kudos = chat.Bodies[chat.Paths.ToList().IndexOf("/kudos")];
        Assert.Contains("Wonderful", kudos);
        Assert.DoesNotContain("Bob", string.Concat(chat.Bodies));
    }

    [Theory]
    [InlineData("https://hooks.slack.com/services/T000/B000/secret", ChatMarkup.Slack)]
    [InlineData("https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke", ChatMarkup.Teams)]
    [InlineData("https://default1234.ab.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/abc/triggers/manual/paths/invoke", ChatMarkup.Teams)]
    [InlineData("https://chat.example.com/hooks/xyz", ChatMarkup.Mattermost)]
    public void A_webhook_without_a_format_is_posted_in_its_hosts_format(string url, ChatMarkup expected) =>
        Assert.Equal(expected, ChatText.MarkupOf(new Uri(url)));

    private static (string Type, string Text) Text(JsonNode text) => (text["type"]!.GetValue<string>(), text["text"]!.GetValue<string>());

    private static IEnumerable<JsonNode> TextObjects(JsonArray blocks) =>
        blocks.SelectMany(block => block!["fields"]?.AsArray().Select(field => field!) ?? [block["text"]!]);
}
