using CsatFunctions.Surveys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Agents;

/// <summary>
/// The daily digests, run by every tick of the timer on every host: from <c>Csat__Agents__DigestHour</c>
/// (local to <c>Csat__Agents__TimeZone</c>), each <c>daily</c> agent gets one email with the previous
/// local day's answers, as they now stand. The claim per (agent, day) in <see cref="AgentReviewLog"/>
/// sends it once whichever hosts tick and however often; a day without answers sends nothing. A tick
/// that finds SendGrid down leaves the claim free, and the next tick of the same day tries again.
/// </summary>
/// <param name="services">
/// The sender (and its SendGrid client) is resolved at the first digest, not with the timer: in the
/// self-host's Development mode the SendGrid client needs the server's own address, known only once it listens.
/// </param>
public sealed class AgentDigests(CsatOptions options, AgentReviewLog log, SurveyTable surveys, IServiceProvider services, AgentReviewEmail email, TimeProvider time, ILogger<AgentDigests> logger)
{
    /// <returns>How many digests this run sent.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var agents = options.Agents;
        var local = TimeZoneInfo.ConvertTime(time.GetUtcNow(), agents.TimeZone);
        if (local.Hour < agents.DigestHour)
        {
            return 0;
        }

        var day = DateOnly.FromDateTime(local.DateTime).AddDays(-1);
        var claim = AgentReviewLog.DigestClaim(day);
        var sent = 0;
        foreach (var reviewer in agents.Reviewers.Values.Where(reviewer => reviewer.Mode == AgentReviewMode.Daily))
        {
            if (await log.WasSentAsync(reviewer.Key, claim, cancellationToken))
            {
                continue;
            }

            var ids = await log.AnswersOnAsync(reviewer.Key, day, cancellationToken);
            var answers = new List<Survey>();
            foreach (var id in ids)
            {
                if ((await surveys.GetAsync(id, cancellationToken))?.Survey is { RatedAt: not null, ErasedAt: null } survey)
                {
                    answers.Add(survey);
                }
            }

            if (answers.Count == 0)
            {
                continue;
            }

            try
            {
                if (await services.GetRequiredService<AgentEmailOnce>().SendAsync(reviewer, claim, () => email.Digest(reviewer, day, answers), cancellationToken) == AgentClaim.Claimed)
                {
                    sent++;
                    await log.ForgetDayAsync(reviewer.Key, day, ids, cancellationToken);
                }
            }
            catch (SendGridUnavailableException ex)
            {
                logger.LogWarning(ex, "An agent's digest for {Day} did not go out; the next tick tries again.", day);
            }
        }

        return sent;
    }
}
