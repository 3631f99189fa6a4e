using CsatFunctions.Storage;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class EmailAgentReviewFunction(QueueSteps steps)
{
    [Function("EmailAgentReview")]
    public Task Run(
        [QueueTrigger(StorageOptions.DefaultPrefix + "-" + QueueStepList.AgentReviews, Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken) =>
        steps.HandleAsync(QueueStepList.AgentReviews, message, cancellationToken);
}
