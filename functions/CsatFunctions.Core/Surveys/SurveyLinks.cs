
namespace CsatFunctions.Surveys;

/// <summary>What a link in a survey email leads to: how its signature checked, and the survey it names.</summary>
/// <param name="Stored">The survey; null when the link is tampered or names no survey, which is the same to its holder.</param>
public sealed record LinkedSurvey(LinkStatus Status, StoredSurvey? Stored);

/// <summary>Checks a rating or unsubscribe link and reads the survey it names: the first step of every page a customer opens.</summary>
public sealed class SurveyLinks(RatingLink links, SurveyTable surveys, TimeProvider time)
{
    public async Task<LinkedSurvey> ResolveAsync(string token, CancellationToken cancellationToken)
    {
        var check = links.Check(token, time.GetUtcNow());
        if (check.SurveyId is null)
        {
            return new LinkedSurvey(LinkStatus.Tampered, null);
        }

        return await surveys.GetAsync(check.SurveyId, cancellationToken) is { } stored
            ? new LinkedSurvey(check.Status, stored)
            : new LinkedSurvey(LinkStatus.Tampered, null);
    }
}
