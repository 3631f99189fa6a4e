using CsatFunctions.SelfHost.DevMail;
using CsatFunctions.SelfHost.Queues;
using CsatFunctions.SelfHost.Telemetry;
using CsatFunctions.SelfHost.Timers;
using CsatFunctions.SelfHost.Web;
using CsatFunctions.Settings;
using CsatFunctions.Storage;
using CsatFunctions.Telemetry;
using OpenTelemetry;
using SendGrid;

namespace CsatFunctions.SelfHost;

/// <summary>Builds and runs the self-host: the same Core, host.json and settings as the Functions app.</summary>
public static class SelfHostApp
{
    public const string DefaultUrl = "http://localhost:7071";

    /// <returns>The process exit code: 1 with one line per problem when settings or storage are wrong.</returns>
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            await using var app = Build(args);
            await app.RunAsync();
            return 0;
        }
        catch (SettingsException ex)
        {
            foreach (var problem in ex.Problems)
            {
                await Console.Error.WriteLineAsync($"Configuration error: {problem}");
            }

            return 1;
        }
        catch (StorageUnreachableException ex)
        {
            await Console.Error.WriteLineAsync($"Start-up error: {ex.Message}");
            return 1;
        }
    }

    /// <param name="configure">Lets tests and benchmarks add settings or services before the pipeline reads them.</param>
    /// <exception cref="SettingsException">A setting is missing or malformed.</exception>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        AddFunctionsSettings(builder);
        if (builder.Configuration["urls"] is null && builder.Configuration["http_ports"] is null)
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // Request logs carry rating links' signed tokens; keep ASP.NET's per-request chatter out by default.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        configure?.Invoke(builder);

        var settings = SelfHostSettings.Read(builder.Configuration, builder.Environment.IsDevelopment());
        if (settings.UsesDevMailSink)
        {
            // Registered first, so the pipeline's own SendGrid client stands aside.
            builder.Services.AddSingleton<DevMailSink>();
            builder.Services.AddSingleton<ISendGridClient>(DevMailRoutes.CreateClient);
        }

        builder.Services.AddProblemDetails();
        builder.Services.AddCsatPipeline(settings.Pipeline);
        builder.Services.AddSingleton(settings.QueueTrigger);
        builder.Services.AddHostedService<QueueListeners>();
        builder.Services.AddHostedService<ScoreTimer>();
        builder.Services.AddCsatHealth();
        builder.Services.AddCsatOpenApi();
        if (OtlpSettings.IsExporting(builder.Configuration))
        {
            SelfHostTelemetry.Instrument(builder.Services, builder.Configuration).UseOtlpExporter();
        }

        var app = builder.Build();
        app.UseForwardedHeaders(settings.ForwardedHeaders);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        Routes.Map(app);
        app.MapCsatHealth();
        app.MapOpenApi(OpenApiDescription.Path);
        if (settings.UsesDevMailSink)
        {
            DevMailRoutes.Map(app);
        }

        return app;
    }

    /// <summary>
    /// Reads the same files the Functions host reads: host.json (as <c>AzureFunctionsJobHost:*</c>)
    /// and the <c>Values</c> of local.settings.json, both below environment variables and arguments.
    /// </summary>
    private static void AddFunctionsSettings(WebApplicationBuilder builder)
    {
        var files = HostJson.Read(Path.Combine(AppContext.BaseDirectory, "host.json"));
        var localSettings = Path.Combine(builder.Environment.ContentRootPath, "local.settings.json");
        if (File.Exists(localSettings))
        {
            foreach (var (key, value) in new ConfigurationBuilder().AddJsonFile(localSettings).Build().GetSection("Values").AsEnumerable(makePathsRelative: true))
            {
                files[key.Replace("__", ":", StringComparison.Ordinal)] = value;
            }
        }

        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = files });
    }
}
