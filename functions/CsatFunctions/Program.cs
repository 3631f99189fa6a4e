using CsatFunctions;
using CsatFunctions.Functions;
using CsatFunctions.Settings;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// The worker does not see host.json; the pipeline reads it for the queue message encoding.
builder.Configuration.AddInMemoryCollection(HostJson.Read(Path.Combine(AppContext.BaseDirectory, "host.json")));

// The dev mail sink belongs to the self-host, so here SendGrid settings are required as in production.
var settings = CsatSettings.Read(builder.Configuration, isDevelopment: false);
if (settings.Storage.Prefix != SurveyMailerFunction.StoragePrefix)
{
    throw new SettingsException([$"Csat__StoragePrefix must stay {SurveyMailerFunction.StoragePrefix} in the Functions app: its queue trigger names that queue at build time."]);
}

builder.Services.AddCsatPipeline(settings);
builder.Services.AddApplicationInsightsTelemetryWorkerService();
builder.Services.ConfigureFunctionsApplicationInsights();
builder.Build().Run();
