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
        return services;
    }
}
