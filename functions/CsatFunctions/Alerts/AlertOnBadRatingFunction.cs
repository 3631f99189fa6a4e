using CsatFunctions.Storage;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class AlertOnBadRatingFunction(QueueSteps steps)
{
    [Function("AlertOnBadRating")]
    public Task Run(
        [QueueTrigger(StorageOptions.DefaultPrefix + "-" + QueueStepList.Alerts, Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken) =>
        steps.HandleAsync(QueueStepList.Alerts, message, cancellationToken);
}
