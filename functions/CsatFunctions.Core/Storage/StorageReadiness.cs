using Azure;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CsatFunctions.Storage;

/// <summary>
/// Readiness: the storage account answers, and every table, queue and container the steps use is
/// there. Names what is missing, or how storage failed; never a key or connection string.
/// </summary>
public sealed class StorageReadiness(CsatStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var missing = await storage.MissingAsync(cancellationToken);
            return missing.Count == 0
                ? HealthCheckResult.Healthy("Storage answers; every table, queue and container is there.")
                : HealthCheckResult.Unhealthy($"Missing from storage: {string.Join(", ", missing)}.");
        }
        catch (Exception ex) when (StorageFailure.IsOutage(ex, cancellationToken))
        {
            return HealthCheckResult.Unhealthy(ex is RequestFailedException failed ? $"Storage answered {failed.Status} ({failed.ErrorCode})." : $"Storage could not be reached ({ex.GetType().Name}).");
        }
    }
}
