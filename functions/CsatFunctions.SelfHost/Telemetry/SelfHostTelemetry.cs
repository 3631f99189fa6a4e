using CsatFunctions.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CsatFunctions.SelfHost.Telemetry;

/// <summary>
/// OpenTelemetry for the self-host: the pipeline's metrics and spans (<see cref="CsatTelemetry"/>),
/// ASP.NET Core's request metrics and server spans, exported over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, with the standard <c>OTEL_*</c> variables for protocol,
/// headers, service name and resource. Without it nothing is collected.
/// </summary>
public static class SelfHostTelemetry
{
    public const string DefaultServiceName = "csat-selfhost";

    /// <summary>What is measured and traced; the caller adds where it goes (OTLP, or a test's in-memory exporter).</summary>
    public static OpenTelemetryBuilder Instrument(IServiceCollection services, IConfiguration configuration) =>
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? DefaultServiceName))
            .WithMetrics(metrics => metrics
                .AddCsatInstruments()
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"))
            .WithTracing(tracing => tracing
                .AddCsatSources()
                .AddAspNetCoreInstrumentation(options =>
                {
                    // Rating and unsubscribe links carry signed tokens in their paths and queries: a span
                    // names the route's template (/api/ratings/{token}), never the request's own path.
                    options.EnrichWithHttpRequest = (activity, _) =>
                    {
                        activity.SetTag("url.path", null);
                        activity.SetTag("url.query", null);
                    };
                    options.EnrichWithHttpResponse = (activity, response) =>
                        activity.SetTag("url.path", (response.HttpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText);
                }));
}
