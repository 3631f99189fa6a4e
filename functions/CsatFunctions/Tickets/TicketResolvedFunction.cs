using CsatFunctions.Tickets;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class TicketResolvedFunction(TicketIntake intake)
{
    // Anonymous at the Functions level: the helpdesk authenticates with its Standard Webhooks signature.
    [Function("TicketResolved")]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tickets/resolved")] HttpRequest request,
        CancellationToken cancellationToken) =>
        intake.HandleAsync(request, cancellationToken);
}
