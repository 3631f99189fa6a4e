using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Storage;

/// <summary>
/// A queue message waits as long as a queue lets it hide (<see cref="CsatOptions.LongestQueueDelay"/>,
/// 7 days) without expiring: Azure's default time-to-live is also 7 days, counted from the insert, so a
/// survey waiting out a long <c>Csat__SendDelay</c> would otherwise expire as it became visible.
/// </summary>
public sealed class QueueTimeToLiveTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_survey_message_hidden_for_the_longest_delay_a_queue_allows_does_not_expire_before_it_shows()
    {
        await using var host = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid: null, settings =>
        {
            settings["SendGrid:ApiKey"] = "SG.unused";
            settings["Csat:SendDelay"] = "P30D";
        });
        var options = host.Services.GetRequiredService<CsatOptions>();
        var now = host.Clock.GetUtcNow();

        // The longest delay the settings accept hides the message for as long as a queue allows.
        var survey = new Survey(Guid.NewGuid().ToString("N"), "generic", "TTL-1", "ann@example.org", null, null, null, null, now, now) { SendAfter = options.SendRules.SendAfter(now, now) };
        var hidden = SurveyMessage.Hidden(survey, now, options);
        Assert.Equal(TimeSpan.FromDays(7), hidden);

        var receipt = await host.SurveyQueue.EnqueueAsync(new SurveyMessage(survey.Id), hidden, CancellationToken.None);
        Assert.True(receipt.TimeNextVisible >= now + TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1), $"visible at {receipt.TimeNextVisible:O}");
        Assert.True(receipt.ExpirationTime > receipt.TimeNextVisible + TimeSpan.FromDays(365), $"expires at {receipt.ExpirationTime:O}");

        // A message sent at once keeps too: one waiting out a stopped host is not lost after a week.
        var atOnce = await host.SurveyQueue.EnqueueAsync(new SurveyMessage(survey.Id), null, CancellationToken.None);
        Assert.True(atOnce.ExpirationTime > now + TimeSpan.FromDays(365), $"expires at {atOnce.ExpirationTime:O}");
    }
}
