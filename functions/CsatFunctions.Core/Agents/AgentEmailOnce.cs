using CsatFunctions.Surveys;
using Microsoft.Extensions.Logging;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace CsatFunctions.Agents;

/// <summary>
/// Sends one team email once (an agent's answer or digest, the weekly and monthly digests): claims it in
/// <see cref="AgentReviewLog"/> for <see cref="CsatOptions.SendWindow"/>, sends through SendGrid, records
/// it sent. A redelivery, a repair's second raise or another host finds it sent (or being sent) and sends
/// nothing. Only a crash between SendGrid taking the email and the record can send it again, once the
/// claim lapses, as for a survey email without the Event Webhook.
/// </summary>
public sealed class AgentEmailOnce(CsatOptions options, AgentReviewLog log, ISendGridClient sendGrid, TimeProvider time, ILogger<AgentEmailOnce> logger)
{
    /// <param name="partition">Whose claims: an agent's <see cref="AgentReviewer.Key"/>, or a digest's own partition.</param>
    /// <param name="taken">
    /// Runs once SendGrid has taken the email and before it is recorded sent, so whoever finds it sent also
    /// finds what this step did (a digest's notes forgotten); failing, it leaves the claim to lapse.
    /// </param>
    /// <returns>What the claim found; <see cref="AgentClaim.Claimed"/> means this call sent it.</returns>
    /// <exception cref="SendGridUnavailableException">SendGrid did not take it (5xx, 429, our key refused with 401 or 403, unreachable); the claim is given back for the next attempt.</exception>
    /// <exception cref="SendGridRefusedException">SendGrid refused this email for good (any other 4xx); the claim is given back, the caller decides what to record.</exception>
    public async Task<AgentClaim> SendAsync(string partition, string claim, Func<SendGridMessage> compose, Func<CancellationToken, Task>? taken, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var found = await log.TryClaimAsync(partition, claim, now, now + options.SendWindow, cancellationToken);
        if (found != AgentClaim.Claimed)
        {
            return found;
        }

        Response response;
        try
        {
            response = await sendGrid.SendEmailAsync(compose(), cancellationToken);
        }
        catch (Exception ex)
        {
            // Whatever failed, nothing went out: a claim kept would turn every retry into "held" until it
            // lapsed, so a queue message would loop instead of counting its attempts towards the poison queue.
            await log.ReleaseAsync(partition, claim, CancellationToken.None);
            if (ex is HttpRequestException or OperationCanceledException)
            {
                throw new SendGridUnavailableException($"SendGrid unreachable for a team email ({claim}); will retry.", ex);
            }

            throw;
        }

        if (!response.IsSuccessStatusCode)
        {
            // SendGrid's body may quote the recipient's address: only the status is logged.
            await log.ReleaseAsync(partition, claim, CancellationToken.None);
            var status = (int)response.StatusCode;
            // 401 and 403 are our key (wrong, revoked, lacking the mail.send scope), not this email:
            // once the key is fixed the same email goes, so it is retried rather than given up.
            if (status is 401 or 403 or 429 or >= 500)
            {
                throw new SendGridUnavailableException($"SendGrid answered {status} to a team email ({claim}); will retry.");
            }

            throw new SendGridRefusedException(status, $"SendGrid refused a team email ({claim}) with {status}; the same email would be refused again.");
        }

        if (taken is not null)
        {
            await taken(CancellationToken.None);
        }

        await log.MarkSentAsync(partition, claim, time.GetUtcNow(), CancellationToken.None);
        logger.LogInformation("Sent team email {Claim}.", claim);
        return AgentClaim.Claimed;
    }
}
