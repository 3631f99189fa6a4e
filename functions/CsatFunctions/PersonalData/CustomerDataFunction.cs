using CsatFunctions.PersonalData;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class CustomerDataFunction(CustomerDataEndpoint customerData)
{
    [Function(CsatRoutes.CustomerData)]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "delete", Route = CsatRoutes.CustomerDataTemplate)] HttpRequest request,
        string email,
        CancellationToken cancellationToken) =>
        customerData.HandleAsync(email, request, cancellationToken);
}
