using System.Net;
using CsatFunctions.Agents;
using CsatFunctions.Storage;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Agents;

/// <summary>An agent who opted in reads each of their own answers by email, once, good ones included.</summary>
public sealed class AgentReviewTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    private const string Patrick = "patrick@example-hosting.test";

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Csat:Agents:Patrick:Email"] = Patrick;
        settings["Csat:Agents:0:Name"] = "Quinn Daily";
        settings["Csat:Agents:0:Email"] = "quinn@example-hosting.test";
        settings["Csat:Agents:0:Mode"] = "daily";
    }

    [Fact]
    public async Task An_opted_in_agent_gets_each_answer_and_change_of_mind_once_and_an_agent_not_opted_in_gets_nothing()
    {
        var mine = await Host.SurveyEmailForAsync(SendGrid, PipelineHost.Ticket("T-1", "eve.adams@example.org", "Eve Adams", "VPN <down>", "patrick", company: "Acme & Co"));
        var other = await Host.SurveyEmailForAsync(SendGrid, PipelineHost.Ticket("T-2", "bob@example.org", "Bob", agent: "Mallory"));

        await Host.AnswerAsync(mine, "excellent", "Fixed in *minutes*, thanks <b>Patrick</b>");
        await Host.AnswerAsync(other, "unsatisfactory", "Slow");
        var good = await AgentMailAsync(1);
        await Host.AnswerAsync(mine, "unsatisfactory", "It broke again");
        var changed = await AgentMailAsync(2);

        Assert.Equal("Excellent: a customer rated your help on ticket T-1", Subject(good[0]));
        var text = SurveyMail.Text(good[0], "text/plain");
        Assert.Contains("Rating: Excellent\nComment: Fixed in *minutes*, thanks <b>Patrick</b>\nTicket: T-1 (VPN <down>)\nCompany: Acme & Co\nCustomer: Eve\n", text);
        Assert.Contains("<td>Fixed in *minutes*, thanks &lt;b&gt;Patrick&lt;/b&gt;</td>", SurveyMail.Text(good[0], "text/html"));
        Assert.Equal("agent-review", good[0].Json["personalizations"]![0]!["custom_args"]!["kind"]!.GetValue<string>());
        Assert.Equal("Unsatisfactory: a customer changed their rating of ticket T-1", Subject(changed[1]));
        Assert.Contains("Comment: It broke again", SurveyMail.Text(changed[1], "text/plain"));
        Assert.All(changed, mail => Assert.DoesNotContain("eve.adams", mail.Body, StringComparison.OrdinalIgnoreCase));
        Assert.All(changed, mail => Assert.DoesNotContain("Adams", mail.Body, StringComparison.Ordinal));

        // Redelivered and re-raised (as a repair does): nothing goes out twice.
        var survey = (await Host.Services.GetRequiredService<CsatFunctions.Surveys.SurveyTable>().GetAsync(SurveyMail.SurveyIdOf(mine), CancellationToken.None))!.Survey;
        var queue = Host.Services.GetRequiredService<JsonQueue<AgentReviewMessage>>();
        await queue.EnqueueAsync(new AgentReviewMessage(survey.Id, survey.AnswerVersion!), null, CancellationToken.None);
        await Host.Services.GetRequiredService<AgentReviewHook>().OnAnswerAsync(survey, CancellationToken.None);
        await Eventually.TrueAsync(async () => (await queue.Client.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "the agent queue to drain");

        Assert.Equal(2, SendGrid.Received.Count(mail => SurveyMail.ToAddressOf(mail) == Patrick));
        Assert.Equal(4, SendGrid.Received.Count);
    }

    private async Task<IReadOnlyList<ReceivedMail>> AgentMailAsync(int count)
    {
        await Eventually.TrueAsync(() => Task.FromResult(SendGrid.Received.Count(mail => SurveyMail.ToAddressOf(mail) == Patrick) >= count), $"{count} agent email(s)");
        return [.. SendGrid.Received.Where(mail => SurveyMail.ToAddressOf(mail) == Patrick)];
    }

    private static string Subject(ReceivedMail mail) => mail.Json["personalizations"]![0]!["subject"]!.GetValue<string>();
}
