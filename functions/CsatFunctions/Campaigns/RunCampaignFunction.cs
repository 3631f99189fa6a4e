using CsatFunctions.Campaigns;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class RunCampaignFunction(CampaignsEndpoint campaigns)
{
    [Function(CsatRoutes.RunCampaign)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CsatRoutes.RunCampaignTemplate)] HttpRequest request,
        string name,
        CancellationToken cancellationToken) =>
        campaigns.RunAsync(name, cancellationToken);
}
