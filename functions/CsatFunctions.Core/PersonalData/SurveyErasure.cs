using CsatFunctions.Campaigns;
using CsatFunctions.Ratings.Comments;
using CsatFunctions.Ratings.FollowUps;
using CsatFunctions.Scores;
using CsatFunctions.Surveys;

namespace CsatFunctions.PersonalData;

/// <summary>
/// Erases one survey's personal data everywhere it is kept: the customer's address and name, the
/// ticket's subject, their comment (also off the public comments), the team's follow-up note, and the
/// address in SendGrid's words (a bounce, a refused send) kept before those were stored without addresses. What the survey is counted by stays, so published figures
/// do not change. Every write is idempotent, so an erasure cut off half-way is finished by a repeat.
/// </summary>
public sealed class SurveyErasure(SurveyTable surveys, CountedSurveys counted, CommentTable comments, FollowUpTable followUps, SurveyFailureLog failures, CampaignAnswers campaignAnswers, TimeProvider time)
{
    public async Task EraseAsync(Survey survey, CancellationToken cancellationToken)
    {
        // The survey row first: whatever reads it afterwards (an answer, a delivery event) files the
        // erased survey, so the copies below are not written back.
        await surveys.EraseCustomerAsync(survey, time.GetUtcNow(), cancellationToken);
        await Task.WhenAll(
            counted.EraseCustomerAsync(survey, cancellationToken),
            comments.ForgetAsync(survey.Id, cancellationToken),
            followUps.EraseNoteAsync(survey, cancellationToken),
            campaignAnswers.EraseCommentAsync(survey, cancellationToken),
            failures.EraseAddressAsync(survey.Id, cancellationToken));
    }
}
