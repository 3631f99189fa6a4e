using System.Net;
using CsatFunctions.Ratings;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CsatFunctions.Tests.Ratings;

/// <summary>A stored answer is always counted, and the count always agrees with the stored answer.</summary>
public sealed class RatingCountTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    [Fact]
    public async Task An_answer_stored_when_counting_fails_thanks_the_customer_and_is_counted_by_the_next_refresh_after_the_grace()
    {
        await Host.SendTicketAsync(PipelineHost.Ticket("T-1"));
        var mail = (await SendGrid.WaitForAsync(1))[0];

        // The day index is gone, so the count's write fails after the answer is stored.
        await Host.Storage.Table("SurveyDays").DeleteAsync();
        using var response = await Host.Http.PostAsync(SurveyMail.PostPathFor(mail), new FormUrlEncodedContent([new("rating", "excellent")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Thank you!", await response.Content.ReadAsStringAsync());
        Assert.Equal(Rating.Excellent, (await Survey(mail)).Rating);
        await Eventually.TrueAsync(async () => (await Host.Storage.Table("SurveyDays").CreateIfNotExistsAsync()) is not null, "the day index to be back");
        Assert.Equal(0, (await Host.RefreshScoreAsync())["windows"]!["allTime"]!["rated"]!.GetValue<int>());

        // A minute on, the recorder is surely done: its note is repaired.
        var later = new FakeTimeProvider(Host.Clock.GetUtcNow() + RatingCounter.Grace + TimeSpan.FromSeconds(1));
        var counter = ActivatorUtilities.CreateInstance<RatingCounter>(Host.Services, (TimeProvider)later, NullLogger<RatingCounter>.Instance);
        Assert.Equal(1, await counter.RepairAsync(CancellationToken.None));
        Assert.Equal(0, await counter.RepairAsync(CancellationToken.None));

        var window = (await Host.RefreshScoreAsync())["windows"]!["allTime"]!;
        Assert.Equal((1, 1), (window["rated"]!.GetValue<int>(), window["excellent"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Racing_submits_leave_the_stored_answer_and_the_count_in_agreement()
    {
        await Host.SendTicketAsync(PipelineHost.Ticket("T-2"));
        var mail = (await SendGrid.WaitForAsync(1))[0];
        var path = SurveyMail.PostPathFor(mail);

        for (var round = 0; round < 8; round++)
        {
            await Task.WhenAll(
                Host.Http.PostAsync(path, new FormUrlEncodedContent([new("rating", "excellent")])),
                Host.Http.PostAsync(path, new FormUrlEncodedContent([new("rating", "unsatisfactory")])));

            var stored = (await Survey(mail)).Rating;
            var window = (await Host.RefreshScoreAsync())["windows"]!["allTime"]!;
            Assert.Equal(1, window["rated"]!.GetValue<int>());
            Assert.Equal(stored == Rating.Excellent ? 1 : 0, window["excellent"]!.GetValue<int>());
            Assert.Equal(stored == Rating.Unsatisfactory ? 1 : 0, window["unsatisfactory"]!.GetValue<int>());
        }
    }

    private async Task<Survey> Survey(ReceivedMail mail) =>
        (await Host.Services.GetRequiredService<SurveyTable>().GetAsync(SurveyMail.SurveyIdOf(mail), CancellationToken.None))!.Survey;
}
