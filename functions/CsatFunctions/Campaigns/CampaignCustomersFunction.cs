using CsatFunctions.Campaigns;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class CampaignCustomersFunction(CampaignsEndpoint campaigns)
{
    [Function(CsatRoutes.CampaignCustomers)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = CsatRoutes.CampaignCustomersTemplate)] HttpRequest request,
        string name,
        CancellationToken cancellationToken) =>
        campaigns.ImportAsync(name, request, cancellationToken);
}
