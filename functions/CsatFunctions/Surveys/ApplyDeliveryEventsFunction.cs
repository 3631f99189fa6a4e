using CsatFunctions.Storage;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class ApplyDeliveryEventsFunction(QueueSteps steps)
{
    [Function("ApplyDeliveryEvents")]
    public Task Run(
        [QueueTrigger(StorageOptions.DefaultPrefix + "-" + QueueStepList.DeliveryEvents, Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken) =>
        steps.HandleAsync(QueueStepList.DeliveryEvents, message, cancellationToken);
}
