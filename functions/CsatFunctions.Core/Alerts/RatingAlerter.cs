using System.Net.Http.Json;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using Microsoft.Extensions.Logging;
using SendGrid;

namespace CsatFunctions.Alerts;

/// <summary>
/// The alert queue step: tells <c>Csat__AlertEmail</c> (and the chat webhook, if set) about a rating
/// at the bottom of the scale, within a queue poll of the customer's click. Each channel records the
/// rating it alerted for, so a redelivered message does not alert twice; a failure is retried by the queue.
/// </summary>
public sealed class RatingAlerter(
    CsatOptions options,
    SurveyTable surveys,
    RatingAlertEmail email,
    ISendGridClient sendGrid,
    IHttpClientFactory httpClients,
    ILogger<RatingAlerter> logger) : IQueueHandler<RatingAlertMessage>
{
    public const string ChatClient = "csat-alert-chat";

    public async Task HandleAsync(RatingAlertMessage message, CancellationToken cancellationToken)
    {
        var survey = (await surveys.GetAsync(message.SurveyId, cancellationToken))?.Survey;
        if (survey is null || survey.Rating is not { } rating || !survey.Scale.IsBottom(rating, survey.Score) || survey.RatedAt is not { } ratedAt)
        {
            // The customer changed their mind before the alert went out: nothing to tell.
            return;
        }

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
            using var response = await httpClients.CreateClient(ChatClient).PostAsJsonAsync(webhook, email.Chat(survey, options.AlertWebhookFormat ?? ChatText.MarkupOf(webhook)), CsatJson.Default.ChatAlert, cancellationToken);
            response.EnsureSuccessStatusCode();
            await surveys.MarkAlertPostedAsync(survey.Id, ratedAt, CancellationToken.None);
        }

        logger.LogInformation("Alerted about an unsatisfactory rating on survey {SurveyId}.", survey.Id);
    }
}
