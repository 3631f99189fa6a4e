using CsatFunctions.Alerts;
using CsatFunctions.Storage;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class AlertOnBadRatingFunction(RatingAlerter alerter)
{
    [Function("AlertOnBadRating")]
    public Task Run(
        [QueueTrigger(StorageOptions.DefaultPrefix + "-" + RatingAlertMessage.Queue, Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken) =>
        alerter.HandleAsync(JsonQueue<RatingAlertMessage>.Read(message), cancellationToken);
}
