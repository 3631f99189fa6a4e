using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class SendReminderFunction(ReminderMailer mailer, JsonQueue<ReminderMessage> queue)
{
    [Function("SendReminder")]
    public Task Run(
        [QueueTrigger(StorageOptions.DefaultPrefix + "-" + ReminderMessage.Queue, Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken) =>
        queue.HandleAsync(message, mailer.HandleAsync, cancellationToken);
}
