using CsatFunctions.Settings;
using CsatFunctions.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CsatFunctions.Tests.Infrastructure;

/// <summary>The pipeline's services without a host, over Azurite with a fresh prefix and a clock the test moves.</summary>
public static class PipelineServices
{
    public static async Task<ServiceProvider> CreateAsync(string connectionString, FakeTimeProvider time, string? scoreSchedule = null)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["Csat:StoragePrefix"] = AzuriteFixture.UniquePrefix(),
            ["Csat:LinkSigningKey"] = PipelineHost.LinkSigningKeyText,
            ["Csat:ScoreSchedule"] = scoreSchedule,
            ["SendGrid:ApiKey"] = PipelineHost.SendGridApiKey,
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddCsatPipeline(CsatSettings.Read(config))
            .BuildServiceProvider();
        foreach (var resource in services.GetServices<IProvisioned>())
        {
            await resource.CreateIfNotExistsAsync(CancellationToken.None);
        }

        return services;
    }
}
