using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Settings;

/// <summary>Logs, once at start-up in either host, the settings that work but deserve a look.</summary>
public sealed class SettingsWarnings(CsatSettings settings, ILogger<SettingsWarnings> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var warning in settings.Warnings)
        {
            logger.LogWarning("Configuration warning: {Warning}", warning);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
