using CsatFunctions;
using CsatFunctions.Functions;
using CsatFunctions.Functions.Telemetry;
using CsatFunctions.Settings;
using CsatFunctions.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<HttpGuardsMiddleware>();

// The worker does not see host.json; the pipeline reads it (as AzureFunctionsJobHost:*) for the queue
// message encoding. It goes in first, below the environment variables: the host lets an app setting such
// as AzureFunctionsJobHost__extensions__queues__messageEncoding override host.json, so the worker must
// too, or the two would disagree on the encoding and every message would end in the poison queue.
builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = HostJson.Read(Path.Combine(AppContext.BaseDirectory, "host.json")) });

// Core Tools marks a local run with AZURE_FUNCTIONS_ENVIRONMENT=Development, which the worker's own
// environment name does not always follow; anywhere else the production rules for keys apply.
var isDevelopment = builder.Environment.IsDevelopment()
    || string.Equals(builder.Configuration["AZURE_FUNCTIONS_ENVIRONMENT"], Environments.Development, StringComparison.OrdinalIgnoreCase);
var settings = CsatSettings.Read(builder.Configuration, isDevelopment);
List<string> problems = [];

// The self-host has a Development mail sink; here SendGrid is always the real one.
if (settings.SendGrid.ApiKey is null)
{
    problems.Add("SendGrid__ApiKey is required: a SendGrid API key with Mail Send permission.");
}

if (settings.Storage.Prefix != StorageOptions.DefaultPrefix)
{
    problems.Add($"Csat__StoragePrefix must stay {StorageOptions.DefaultPrefix} in the Functions app: its queue triggers name their queues at build time.");
}

// CsatSettings defaults the schedule, but the host, which runs the timer, has no default for
// %Csat:ScoreSchedule% (see ScoreTimerFunction): without the app setting the two would disagree.
if (string.IsNullOrWhiteSpace(builder.Configuration["Csat:ScoreSchedule"]))
{
    problems.Add("Csat__ScoreSchedule must be set as an app setting in the Functions app (infra/main.bicep sets it): the host reads the timer's schedule from app settings and has no default for it.");
}

problems.AddRange(CsatFunctions.Telemetry.OtlpSettings.Problems(builder.Configuration));

if (problems.Count > 0)
{
    throw new SettingsException(problems);
}

builder.Services.AddCsatPipeline(settings);
builder.Services.AddApplicationInsightsTelemetryWorkerService();
builder.Services.ConfigureFunctionsApplicationInsights();
FunctionsTelemetry.Add(builder.Services, builder.Configuration);

// Application Insights adds a logger filter rule that keeps only Warning and above, which would drop every
// Information log of the worker. Remove it, as Microsoft Learn's guide to the isolated worker model shows
// (section Application Insights, "Managing log levels"); the worker's own log levels then apply.
builder.Logging.Services.Configure<LoggerFilterOptions>(options =>
{
    var rule = options.Rules.FirstOrDefault(r => r.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
    if (rule is not null)
    {
        options.Rules.Remove(rule);
    }
});

// Request logs carry rating links' signed tokens in their paths; keep ASP.NET's per-request chatter
// out of Application Insights, as the self-host does.
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

builder.Build().Run();
