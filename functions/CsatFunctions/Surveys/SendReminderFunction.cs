using CsatFunctions.Storage;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class SendReminderFunction(QueueSteps steps)
{
    [Function("SendReminder")]
    public Task Run(
        [QueueTrigger(StorageOptions.DefaultPrefix + "-" + QueueStepList.Reminders, Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken) =>
        steps.HandleAsync(QueueStepList.Reminders, message, cancellationToken);
}
