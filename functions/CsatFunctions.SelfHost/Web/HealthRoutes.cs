using System.Text.Json;
using CsatFunctions.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CsatFunctions.SelfHost.Web;

/// <summary>
/// <c>GET /healthz</c> (liveness: the process serves) and <c>GET /readyz</c> (readiness: settings valid,
/// storage reachable, every table, queue and container there), ASP.NET Core health checks answered as
/// <c>{"status", "entries": {name: {"status", "description"}}}</c> with 200 when healthy and 503 when not,
/// so a load balancer or an orchestrator routes around an instance that cannot work.
/// </summary>
public static class HealthRoutes
{
    private const string Ready = "ready";

    public static void AddCsatHealth(this IServiceCollection services) =>
        services.AddHealthChecks()
            // A process runs only once every setting is valid (start-up refuses otherwise, one line per key).
            .AddCheck("settings", () => HealthCheckResult.Healthy("Every setting was valid at start-up."), [Ready])
            .AddCheck<StorageReadiness>("storage", tags: [Ready]);

    public static void MapCsatHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteAsync });
    }

    private static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteStartObject("entries");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status.ToString());
            json.WriteString("description", entry.Description);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }
}
