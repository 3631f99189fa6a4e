using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Tests.Infrastructure;

/// <summary>A small real HTTP server on a free loopback port, for the parties the pipeline talks to (SendGrid, a chat, a company site).</summary>
public static class LocalSite
{
    public static async Task<WebApplication> StartAsync(Action<WebApplication> map)
    {
        // No file watchers: a run starts hundreds of these, and each watcher is one of the user's few inotify instances.
        var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false"]);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return app;
    }
}
