using CsatFunctions.Storage;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class SendSurveyFunction(QueueSteps steps)
{
    // The trigger's queue name is fixed at build time, so the Functions app keeps the default prefix
    // (Program.cs refuses another). Bound as text and read by the pipeline's own JSON contract, as the self-host does.
    [Function("SendSurvey")]
    public Task Run(
        [QueueTrigger(StorageOptions.DefaultPrefix + "-" + QueueStepList.Surveys, Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken) =>
        steps.HandleAsync(QueueStepList.Surveys, message, cancellationToken);
}
