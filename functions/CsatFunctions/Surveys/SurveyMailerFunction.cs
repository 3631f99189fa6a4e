using CsatFunctions.Surveys;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class SurveyMailerFunction(SurveyMailer mailer)
{
    /// <summary>The trigger's queue name is fixed at build time, so the Functions app keeps the default prefix.</summary>
    public const string StoragePrefix = "csat";

    // Bound as text and parsed by the pipeline's own JSON contract, exactly as the self-host does.
    [Function("SendSurvey")]
    public Task Run(
        [QueueTrigger(StoragePrefix + "-surveys", Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken) =>
        mailer.HandleAsync(SurveyMessage.Parse(message), cancellationToken);
}
