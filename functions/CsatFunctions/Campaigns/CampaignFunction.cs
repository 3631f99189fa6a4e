using CsatFunctions.Campaigns;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class CampaignFunction(CampaignsEndpoint campaigns)
{
    [Function(CsatRoutes.Campaign)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "put", Route = CsatRoutes.CampaignTemplate)] HttpRequest request,
        string name,
        CancellationToken cancellationToken) =>
        campaigns.HandleAsync(name, request, cancellationToken);
}
