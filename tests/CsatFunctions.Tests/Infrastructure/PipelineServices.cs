using CsatFunctions.Settings;
using CsatFunctions.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CsatFunctions.Tests.Infrastructure;

/// <summary>The pipeline's services without a host, over Azurite with a fresh prefix and a clock the test moves.</summary>
public static class PipelineServices
{
    /// <param name="settings">More settings, or other values (<c>Csat:StoragePrefix</c> to read another's storage), by configuration key.</param>
    /// <param name="logging">Where the services' logs go; nowhere without one.</param>
    public static async Task<ServiceProvider> CreateAsync(
        string connectionString, FakeTimeProvider time, string? scoreSchedule = null, IReadOnlyDictionary<string, string?>? settings = null, ILoggerProvider? logging = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["Csat:StoragePrefix"] = AzuriteFixture.UniquePrefix(),
            ["Csat:LinkSigningKey"] = PipelineHost.LinkSigningKeyText,
            ["Csat:ScoreSchedule"] = scoreSchedule,
            ["SendGrid:ApiKey"] = PipelineHost.SendGridApiKey,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var config = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection()
            .AddLogging(builder =>
            {
                if (logging is not null)
                {
                    builder.AddProvider(logging);
                }
            })
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
