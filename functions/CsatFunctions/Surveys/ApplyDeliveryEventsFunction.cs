using CsatFunctions.Storage;
using CsatFunctions.Surveys.Delivery;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class ApplyDeliveryEventsFunction(DeliveryEventProcessor processor)
{
    [Function("ApplyDeliveryEvents")]
    public Task Run(
        [QueueTrigger(StorageOptions.DefaultPrefix + "-" + DeliveryEventsMessage.Queue, Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken) =>
        processor.HandleAsync(JsonQueue<DeliveryEventsMessage>.Read(message), cancellationToken);
}
