using CsatFunctions.Surveys.Delivery;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class SendGridEventsFunction(DeliveryEventsEndpoint events)
{
    [Function(CsatRoutes.SendGridEvents)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CsatRoutes.SendGridEventsTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        events.HandleAsync(request, cancellationToken);
}
