using CsatFunctions.Tickets;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class HelpdeskTicketResolvedFunction(TicketIntake intake)
{
    // Anonymous at the Functions level: each helpdesk authenticates with its own signature or secret.
    [Function("HelpdeskTicketResolved")]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tickets/resolved/{helpdesk}")] HttpRequest request,
        string helpdesk,
        CancellationToken cancellationToken) =>
        intake.HandleHelpdeskAsync(helpdesk, request, cancellationToken);
}
