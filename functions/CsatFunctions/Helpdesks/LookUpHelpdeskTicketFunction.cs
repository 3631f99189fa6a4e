using CsatFunctions.Storage;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class LookUpHelpdeskTicketFunction(QueueSteps steps)
{
    [Function("LookUpHelpdeskTicket")]
    public Task Run(
        [QueueTrigger(StorageOptions.DefaultPrefix + "-" + QueueStepList.HelpdeskLookups, Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken) =>
        steps.HandleAsync(QueueStepList.HelpdeskLookups, message, cancellationToken);
}
