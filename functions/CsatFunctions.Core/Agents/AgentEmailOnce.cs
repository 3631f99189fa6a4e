using CsatFunctions.Surveys;
using Microsoft.Extensions.Logging;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace CsatFunctions.Agents;

/// <summary>
/// Sends one agent email once: claims it in <see cref="AgentReviewLog"/> for <see cref="CsatOptions.SendWindow"/>,
/// sends through SendGrid, records it sent. A redelivery, a repair's second raise or another host finds
/// it sent (or being sent) and sends nothing. Only a crash between SendGrid taking the email and the
/// record can send it again, once the claim lapses, as for a survey email without the Event Webhook.
/// </summary>
public sealed class AgentEmailOnce(CsatOptions options, AgentReviewLog log, ISendGridClient sendGrid, TimeProvider time, ILogger<AgentEmailOnce> logger)
{
    /// <returns>What the claim found; <see cref="AgentClaim.Claimed"/> means this call sent it.</returns>
    /// <exception cref="SendGridUnavailableException">SendGrid did not take it; the claim is given back for the next attempt.</exception>
    public async Task<AgentClaim> SendAsync(AgentReviewer reviewer, string claim, Func<SendGridMessage> compose, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var found = await log.TryClaimAsync(reviewer.Key, claim, now, now + options.SendWindow, cancellationToken);
        if (found != AgentClaim.Claimed)
        {
            return found;
        }

        Response response;
        try
        {
            response = await sendGrid.SendEmailAsync(compose(), cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            await log.ReleaseAsync(reviewer.Key, claim, CancellationToken.None);
            throw new SendGridUnavailableException($"SendGrid unreachable for an agent email ({claim}); will retry.", ex);
        }

        if (!response.IsSuccessStatusCode)
        {
            // SendGrid's body may quote the agent's address: only the status is logged.
            await log.ReleaseAsync(reviewer.Key, claim, CancellationToken.None);
            throw new SendGridUnavailableException($"SendGrid answered {(int)response.StatusCode} to an agent email ({claim}); will retry.");
        }

        await log.MarkSentAsync(reviewer.Key, claim, time.GetUtcNow(), CancellationToken.None);
        logger.LogInformation("Sent agent email {Claim}.", claim);
        return AgentClaim.Claimed;
    }
}
