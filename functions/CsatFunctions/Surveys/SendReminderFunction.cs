using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class SendReminderFunction(ReminderMailer mailer)
{
    [Function("SendReminder")]
    public Task Run(
        [QueueTrigger(StorageOptions.DefaultPrefix + "-" + ReminderMessage.Queue, Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken) =>
        mailer.HandleAsync(JsonQueue<ReminderMessage>.Read(message), cancellationToken);
}
