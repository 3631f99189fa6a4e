using CsatFunctions;
using CsatFunctions.Functions;
using CsatFunctions.Settings;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// The worker does not see host.json; the pipeline reads it (as AzureFunctionsJobHost:*) for the queue
// message encoding. It goes in first, below the environment variables: the host lets an app setting such
// as AzureFunctionsJobHost__extensions__queues__messageEncoding override host.json, so the worker must
// too, or the two would disagree on the encoding and every message would end in the poison queue.
builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = HostJson.Read(Path.Combine(AppContext.BaseDirectory, "host.json")) });

// The dev mail sink belongs to the self-host, so here SendGrid settings are required as in production.
var settings = CsatSettings.Read(builder.Configuration, isDevelopment: false);
if (settings.Storage.Prefix != SurveyMailerFunction.StoragePrefix)
{
    throw new SettingsException([$"Csat__StoragePrefix must stay {SurveyMailerFunction.StoragePrefix} in the Functions app: its queue trigger names that queue at build time."]);
}

builder.Services.AddCsatPipeline(settings);
builder.Services.AddApplicationInsightsTelemetryWorkerService();
builder.Services.ConfigureFunctionsApplicationInsights();

// Application Insights adds a logger filter rule that keeps only Warning and above, which would drop every
// Information log of the worker. Remove it, as the isolated worker guide on Microsoft Learn shows; the
// levels then come from the Logging configuration.
builder.Logging.Services.Configure<LoggerFilterOptions>(options =>
{
    var rule = options.Rules.FirstOrDefault(r => r.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
    if (rule is not null)
    {
        options.Rules.Remove(rule);
    }
});

builder.Build().Run();
