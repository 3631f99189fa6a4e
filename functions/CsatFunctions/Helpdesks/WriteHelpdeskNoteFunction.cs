using CsatFunctions.Storage;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class WriteHelpdeskNoteFunction(QueueSteps steps)
{
    [Function("WriteHelpdeskNote")]
    public Task Run(
        [QueueTrigger(StorageOptions.DefaultPrefix + "-" + QueueStepList.HelpdeskNotes, Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken) =>
        steps.HandleAsync(QueueStepList.HelpdeskNotes, message, cancellationToken);
}
