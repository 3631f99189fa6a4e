using CsatFunctions.Ledger.Log.Witnesses;
using CsatFunctions.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Ledger.Log;

/// <summary>Registers the transparency log: its publisher, its witnesses and the receipt route.</summary>
public static class LogServices
{
    public static IServiceCollection AddTransparencyLog(this IServiceCollection services)
    {
        services.AddSingleton<LogProgress>();
        services.AddSingleton<LogReceiptIndex>();
        services.AddSingleton<LogCheckpointWriter>();
        services.AddSingleton<LogPublisher>();
        services.AddSingleton<PublishedLog>();
        services.AddSingleton<LogReceiptsEndpoint>();
        services.AddSingleton<LogWitnesses>();
        services.AddSingleton<WitnessExchange>();
        services.AddSingleton<WitnessSizes>();
        services.AddSingleton<IProvisioned>(provider => provider.GetRequiredService<WitnessSizes>());

        // Each witness's own timeout (Csat__LogWitnessTimeout, at most a minute) bounds its calls; this only
        // backs it up. A witness's configured URL is the only host it may reach, and stays out of the logs.
        services.AddHttpClient(WitnessExchange.Client, client => client.Timeout = TimeSpan.FromMinutes(2))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .RemoveAllLoggers();
        return services;
    }
}
