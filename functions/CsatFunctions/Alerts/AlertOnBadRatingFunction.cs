using CsatFunctions.Alerts;
using CsatFunctions.Storage;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class AlertOnBadRatingFunction(RatingAlerter alerter, JsonQueue<RatingAlertMessage> queue)
{
    [Function("AlertOnBadRating")]
    public Task Run(
        [QueueTrigger(StorageOptions.DefaultPrefix + "-" + RatingAlertMessage.Queue, Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken) =>
        queue.HandleAsync(message, alerter.HandleAsync, cancellationToken);
}
