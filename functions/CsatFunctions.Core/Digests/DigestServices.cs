using CsatFunctions.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Digests;

/// <summary>Registers the weekly and monthly digests and the account-manager mapping; <see cref="ScheduledTick"/> runs them.</summary>
public static class DigestServices
{
    public static IServiceCollection AddDigests(this IServiceCollection services)
    {
        services.AddSingleton<DigestLog>();
        services.AddSingleton<IProvisioned>(provider => provider.GetRequiredService<DigestLog>());
        services.AddSingleton<AccountManagers>();
        services.AddSingleton<IProvisioned>(provider => provider.GetRequiredService<AccountManagers>());
        services.AddSingleton<AccountManagerImport>();
        services.AddSingleton<AccountManagersEndpoint>();
        services.AddSingleton<MonthlyShareLinks>();
        services.AddSingleton<MonthFigureReader>();
        services.AddSingleton<DigestEmail>();
        services.AddSingleton<TeamDigests>();
        services.AddSingleton<ClientDigests>();
        services.AddSingleton<DigestRun>();
        return services;
    }
}
