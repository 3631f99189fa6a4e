using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using Microsoft.Extensions.Logging;
using SendGrid;

namespace CsatFunctions.Alerts;

/// <summary>
/// The alert queue step: tells <c>Csat__AlertEmail</c> (and the chat webhook, if set) about a rating
/// at the bottom of the scale, within a queue poll of the customer's click, and posts kudos to
/// <c>Csat__KudosWebhookUrl</c> for one at the top with a comment. Each channel records the rating it
/// told about, so a redelivered message does not tell twice; a failure is retried by the queue.
/// </summary>
public sealed class RatingAlerter(
    CsatOptions options,
    SurveyTable surveys,
    RatingAlertEmail email,
    ISendGridClient sendGrid,
    ChatPoster chat,
    ILogger<RatingAlerter> logger) : IQueueHandler<RatingAlertMessage>
{
    public async Task HandleAsync(RatingAlertMessage message, CancellationToken cancellationToken)
    {
        var survey = (await surveys.GetAsync(message.SurveyId, cancellationToken))?.Survey;
        if (survey?.RatedAt is not { } ratedAt)
        {
            return;
        }

        if (RatingAlerts.IsBottom(survey))
        {
            await AlertAsync(survey, ratedAt, cancellationToken);
        }
        else if (options.KudosWebhookUrl is { } kudos && RatingAlerts.IsKudos(survey) && survey.KudosPostedFor != ratedAt)
        {
            await chat.PostAsync(kudos, options.KudosWebhookFormat ?? ChatText.MarkupOf(kudos), ChatPost.For(ChatPostKind.Kudos, survey, email.AnswersLink()), cancellationToken);
            await surveys.MarkKudosPostedAsync(survey.Id, ratedAt, CancellationToken.None);
            logger.LogInformation("Posted kudos for survey {SurveyId}.", survey.Id);
        }

        // Otherwise the customer changed their mind before the post went out: nothing to tell.
    }

    private async Task AlertAsync(Survey survey, DateTimeOffset ratedAt, CancellationToken cancellationToken)
    {
        if (options.AlertEmail is not null && survey.AlertEmailedFor != ratedAt)
        {
            var response = await sendGrid.SendEmailAsync(email.Compose(survey), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new SendGridUnavailableException($"SendGrid answered {(int)response.StatusCode} to the alert for survey {survey.Id}; will retry.");
            }

            await surveys.MarkAlertEmailedAsync(survey.Id, ratedAt, CancellationToken.None);
        }

        if (options.AlertWebhookUrl is { } webhook && survey.AlertPostedFor != ratedAt)
        {
            await chat.PostAsync(webhook, options.AlertWebhookFormat ?? ChatText.MarkupOf(webhook), ChatPost.For(ChatPostKind.Alert, survey, email.FollowUpLink(survey)), cancellationToken);
            await surveys.MarkAlertPostedAsync(survey.Id, ratedAt, CancellationToken.None);
        }

        logger.LogInformation("Alerted about an unsatisfactory rating on survey {SurveyId}.", survey.Id);
    }
}
