using System.Text.Json;
using CsatFunctions.Surveys;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class SurveyMailerFunction(SurveyMailer mailer)
{
    /// <summary>The trigger's queue name is fixed at build time, so the Functions app keeps the default prefix.</summary>
    public const string StoragePrefix = "csat";

    // Read as text and parsed with the pipeline's own JSON contract, exactly as the self-host does.
    [Function("SendSurvey")]
    public Task Run(
        [QueueTrigger(StoragePrefix + "-surveys", Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken) =>
        mailer.HandleAsync(
            JsonSerializer.Deserialize(message, CsatJson.Default.SurveyMessage) ?? throw new JsonException("The message is JSON null."),
            cancellationToken);
}
