using CsatFunctions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Admin;

/// <summary>
/// <c>POST /api/admin/{queue}/poison/replay</c>, for every queue in <see cref="QueueStepList"/>: after
/// the cause is fixed (SendGrid or the chat back, a bug deployed away), moves every message from the
/// queue's poison queue back to it, survey and reminder messages with their attempts reset. Sending
/// stays exactly-once: a replayed survey or reminder that was sent meanwhile sends nothing, an alert
/// is told once per channel and answer, and a batch of SendGrid's events applied twice changes nothing.
/// Messages that cannot be read stay in the poison queue for a person to look at.
/// </summary>
public sealed class PoisonReplayEndpoint(QueueSteps steps, ILogger<PoisonReplayEndpoint> logger)
{
    public async Task<IResult> ReplayAsync(string queue, CancellationToken cancellationToken)
    {
        if (steps.Find(queue) is not { } step)
        {
            return Results.Problem($"There is no queue called '{queue}'; use one of {string.Join(", ", steps.All.Select(known => known.Name))}.", statusCode: StatusCodes.Status404NotFound);
        }

        var answer = await step.ReplayPoisonAsync(cancellationToken);
        logger.LogInformation("Replayed {Replayed} message(s) from {Poison}; {Unreadable} unreadable left in place.", answer.Replayed, step.Poison.Name, answer.Unreadable);
        return Results.Json(answer, CsatJson.Default.PoisonReplayAnswer);
    }
}
