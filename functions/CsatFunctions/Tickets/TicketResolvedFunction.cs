using CsatFunctions.Tickets;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class TicketResolvedFunction(GenericWebhook webhook)
{
    [Function(CsatRoutes.TicketResolved)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CsatRoutes.TicketResolvedTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        webhook.HandleAsync(request, cancellationToken);
}
