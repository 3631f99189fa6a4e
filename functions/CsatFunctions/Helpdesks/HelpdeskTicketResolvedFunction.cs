using CsatFunctions.Helpdesks;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class HelpdeskTicketResolvedFunction(HelpdeskWebhook webhook)
{
    [Function(CsatRoutes.HelpdeskTicketResolved)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CsatRoutes.HelpdeskTicketResolvedTemplate)] HttpRequest request,
        string helpdesk,
        CancellationToken cancellationToken) =>
        webhook.HandleAsync(helpdesk, request, cancellationToken);
}
