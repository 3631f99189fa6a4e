using CsatFunctions.Ratings;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class RatingAlertFunction(RatingAlerter alerter)
{
    [Function("AlertOnBadRating")]
    public Task Run(
        [QueueTrigger(SurveyMailerFunction.StoragePrefix + "-alerts", Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken) =>
        alerter.HandleAsync(RatingAlertMessage.Parse(message), cancellationToken);
}
