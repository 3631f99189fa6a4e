using CsatFunctions.Settings;
using CsatFunctions.SelfHost;
using CsatFunctions.Storage;

namespace CsatFunctions.Benchmarks;

/// <summary>The pipeline's routes on Kestrel without the queue listeners or the timer, so a figure is the routes' own.</summary>
public static class RoutesOnlyHost
{
    public static async Task<WebApplication> StartAsync(CsatSettings settings)
    {
        // The full builder: the admin routes' regex segment needs the regex route constraint, which the slim one leaves out.
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddCsatPipeline(settings);
        var app = builder.Build();
        Routes.Map(app);
        foreach (var resource in app.Services.GetServices<IProvisioned>())
        {
            await resource.CreateIfNotExistsAsync(CancellationToken.None);
        }

        await app.StartAsync();
        return app;
    }
}
