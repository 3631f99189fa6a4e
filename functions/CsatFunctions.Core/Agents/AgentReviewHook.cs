using CsatFunctions.Storage;
using CsatFunctions.Surveys;

namespace CsatFunctions.Agents;

/// <summary>
/// Follows every answer to its agent, when the agent opted in: queues the email of an <c>each</c>
/// agent's answer version, or notes a <c>daily</c> agent's answer under its local day for the digest.
/// Both are safe to repeat: the sender claims each version once, and the day's note is one row per survey.
/// </summary>
public sealed class AgentReviewHook(CsatOptions options, AgentReviewLog log, JsonQueue<AgentReviewMessage> queue) : IAnswerHook
{
    public async Task OnAnswerAsync(Survey survey, CancellationToken cancellationToken)
    {
        if (options.Agents.For(survey.Agent) is not { } reviewer || survey is not { AnswerVersion: { } version, RatedAt: { } ratedAt, ErasedAt: null })
        {
            return;
        }

        if (reviewer.Mode == AgentReviewMode.Each)
        {
            await queue.EnqueueAsync(new AgentReviewMessage(survey.Id, version), null, cancellationToken);
        }
        else
        {
            await log.RecordAnswerAsync(reviewer.Key, options.Agents.LocalDay(ratedAt), survey.Id, cancellationToken);
        }
    }
}
