using CsatFunctions.Storage;
using CsatFunctions.Surveys.Delivery;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class ApplyDeliveryEventsFunction(DeliveryEventProcessor processor, JsonQueue<DeliveryEventsMessage> queue)
{
    [Function("ApplyDeliveryEvents")]
    public Task Run(
        [QueueTrigger(StorageOptions.DefaultPrefix + "-" + DeliveryEventsMessage.Queue, Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken) =>
        queue.HandleAsync(message, processor.HandleAsync, cancellationToken);
}
