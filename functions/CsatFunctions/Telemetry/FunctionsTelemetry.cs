using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using CsatFunctions.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Resources;

namespace CsatFunctions.Functions.Telemetry;

/// <summary>
/// The pipeline's metrics and spans (<see cref="CsatTelemetry"/>), the same the self-host exports:
/// to Application Insights when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set (with the managed
/// identity named in <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c>, as infra/app/function-app.bicep
/// sets both), and over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Neither: nothing is collected.
/// The Application Insights SDK keeps sending the logs and the invocations, as before.
/// </summary>
public static class FunctionsTelemetry
{
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        var insights = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        if (string.IsNullOrWhiteSpace(insights) && !OtlpSettings.IsExporting(configuration))
        {
            return;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? configuration["WEBSITE_SITE_NAME"] ?? "csat-functions"))
            .WithMetrics(metrics => metrics.AddCsatInstruments())
            .WithTracing(tracing => tracing.AddCsatSources());
        if (!string.IsNullOrWhiteSpace(insights))
        {
            void Configure(AzureMonitorExporterOptions options)
            {
                options.ConnectionString = insights;
                if (ManagedIdentity(configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]) is { } clientId)
                {
                    options.Credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
                }
            }

            telemetry.WithMetrics(metrics => metrics.AddAzureMonitorMetricExporter(Configure)).WithTracing(tracing => tracing.AddAzureMonitorTraceExporter(Configure));
        }

        if (OtlpSettings.IsExporting(configuration))
        {
            telemetry.UseOtlpExporter();
        }
    }

    /// <summary>The client id in <c>ClientId=…;Authorization=AAD</c>; null for a key-based connection.</summary>
    private static string? ManagedIdentity(string? authentication) =>
        authentication?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2 && pair[0].Equals("ClientId", StringComparison.OrdinalIgnoreCase))
            .Select(pair => pair[1])
            .FirstOrDefault();
}
