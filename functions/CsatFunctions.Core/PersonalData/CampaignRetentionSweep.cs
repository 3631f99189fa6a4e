using CsatFunctions.Campaigns;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;

namespace CsatFunctions.PersonalData;

/// <summary>
/// Relationship campaigns' surveys are not filed under a day: once a UTC day, each campaign's asks
/// older than the retention period are looked up in its answers (its partition is read whole, so not
/// every tick), erased as <see cref="SurveyErasure"/> does, and marked so they are not read again.
/// </summary>
public sealed class CampaignRetentionSweep(SurveyTable surveys, SurveyErasure erasure, CampaignTable campaigns, CampaignAnswers campaignAnswers, RetentionBookmarks bookmarks, TimeProvider time)
{
    private const string Bookmark = "campaigns";

    /// <returns>How many surveys had their customer's data erased.</returns>
    public async Task<int> SweepAsync(DateOnly firstKept, CancellationToken cancellationToken)
    {
        var today = DayKey.Of(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        if (await bookmarks.GetAsync(Bookmark, cancellationToken) == today)
        {
            return 0;
        }

        var erased = 0;
        var before = new DateTimeOffset(firstKept.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        foreach (var campaign in await campaigns.ListAsync(cancellationToken))
        {
            foreach (var surveyId in await campaignAnswers.UnsweptBeforeAsync(campaign.Name, before, cancellationToken))
            {
                if (await surveys.GetAsync(surveyId, cancellationToken) is { Survey: var survey })
                {
                    await erasure.EraseAsync(survey, cancellationToken);
                    erased += survey.CustomerEmail is null ? 0 : 1;
                }

                await campaignAnswers.MarkSweptAsync(campaign.Name, surveyId, cancellationToken);
            }
        }

        await bookmarks.SetAsync(Bookmark, today, cancellationToken);
        return erased;
    }
}
