using CsatFunctions.Storage;
using CsatFunctions.Surveys;

namespace CsatFunctions.Agents;

/// <summary>
/// The <c>agent-reviews</c> queue step: emails one answer version to its <c>each</c> agent, once
/// (<see cref="AgentEmailOnce"/>). A version the customer has since replaced is skipped: the newer
/// answer has a message of its own. SendGrid turning the email away throws, so the queue retries and,
/// in the end, poisons it for replay.
/// </summary>
public sealed class AgentReviewSender(
    CsatOptions options,
    SurveyTable surveys,
    AgentEmailOnce once,
    AgentReviewEmail email,
    JsonQueue<AgentReviewMessage> queue) : IQueueHandler<AgentReviewMessage>
{
    public async Task HandleAsync(AgentReviewMessage message, CancellationToken cancellationToken)
    {
        var survey = (await surveys.GetAsync(message.SurveyId, cancellationToken))?.Survey;
        if (survey is not { ErasedAt: null } || survey.AnswerVersion != message.AnswerVersion || options.Agents.For(survey.Agent) is not { Mode: AgentReviewMode.Each } reviewer)
        {
            return;
        }

        if (await once.SendAsync(reviewer.Key, AgentReviewLog.AnswerClaim(message.AnswerVersion), () => email.Answer(reviewer, survey), null, cancellationToken) == AgentClaim.Held)
        {
            // Another host is sending it now; look again once its claim would have lapsed.
            await queue.EnqueueAsync(message, options.SendWindow, cancellationToken);
        }
    }
}
