using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Clients;

/// <summary>The client report and its share links (the <c>ShareLinks</c> table is provisioned with the others).</summary>
public static class ClientReportServices
{
    public static IServiceCollection AddClientReports(this IServiceCollection services) => services
        .AddSingleton<ClientReports>()
        .AddSingleton<ClientReportEndpoint>()
        .AddSingleton<ShareLinksEndpoint>()
        .AddSingleton<SharedReportEndpoint>();
}
