using CsatFunctions.Surveys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Agents;

/// <summary>
/// The daily digests, run by every tick of the timer on every host: from <c>Csat__Agents__DigestHour</c>
/// (local to <c>Csat__Agents__TimeZone</c>), each <c>daily</c> agent gets one email per earlier local day
/// with answers, as they now stand. The notes of every day not yet sent wait in <see cref="AgentReviewLog"/>,
/// so a day missed (SendGrid down until midnight, every host down) goes out on the next tick that can send
/// it. The claim per (agent, day) sends each once whichever hosts tick and however often; answers noted
/// after their day's digest went out follow in one late digest per (agent, day, sending day).
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

        var today = DateOnly.FromDateTime(local.DateTime);
        var sent = 0;
        foreach (var reviewer in agents.Reviewers.Values.Where(reviewer => reviewer.Mode == AgentReviewMode.Daily))
        {
            try
            {
                foreach (var day in await log.DaysBeforeAsync(reviewer.Key, today, cancellationToken))
                {
                    sent += await SendDayAsync(reviewer, day, today, cancellationToken) ? 1 : 0;
                }
            }
            catch (SendGridUnavailableException ex)
            {
                logger.LogWarning(ex, "An agent's digest did not go out; the next tick tries again.");
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // One agent's failing digest must not hold back the others'; its claim was given back for the next tick.
                logger.LogError(ex, "An agent's digest failed; the next tick tries again.");
            }
        }

        return sent;
    }

    private async Task<bool> SendDayAsync(AgentReviewer reviewer, DateOnly day, DateOnly today, CancellationToken cancellationToken)
    {
        // The notes are read after the day's claim is seen: its sender forgets them before recording it sent,
        // so what is left once it reads "sent" came later and is not in that email.
        var claim = await log.WasSentAsync(reviewer.Key, AgentReviewLog.DigestClaim(day), cancellationToken)
            ? AgentReviewLog.LateDigestClaim(day, today)
            : AgentReviewLog.DigestClaim(day);
        var noted = await log.AnswersOnAsync(reviewer.Key, day, cancellationToken);
        var answers = new List<Survey>();
        foreach (var note in noted)
        {
            if ((await surveys.GetAsync(note.SurveyId, cancellationToken))?.Survey is { RatedAt: not null, ErasedAt: null } survey)
            {
                answers.Add(survey);
            }
        }

        if (answers.Count == 0)
        {
            // Erased since: nothing to send, and nothing to look at again every tick.
            await log.ForgetAsync(reviewer.Key, noted, cancellationToken);
            return false;
        }

        var once = services.GetRequiredService<AgentEmailOnce>();
        return await once.SendAsync(reviewer.Key, claim, () => email.Digest(reviewer, day, answers), token => log.ForgetAsync(reviewer.Key, noted, token), cancellationToken) == AgentClaim.Claimed;
    }
}
