using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CsatFunctions.Tests.Infrastructure;

/// <summary>The self-host as its own OS process, started as an operator would and killed as a crash would.</summary>
public sealed class SelfHostProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Task<string> stdout;
    private readonly Task<string> stderr;

    private SelfHostProcess(Process process, Uri baseUrl)
    {
        this.process = process;
        BaseUrl = baseUrl;
        stdout = process.StandardOutput.ReadToEndAsync();
        stderr = process.StandardError.ReadToEndAsync();
    }

    public Uri BaseUrl { get; }

    /// <summary>The OS process, for reading its memory.</summary>
    public int ProcessId => process.Id;

    /// <param name="settings">Configuration keys (<c>Csat:AdminKey</c>), passed as environment variables (<c>Csat__AdminKey</c>).</param>
    /// <param name="executable">A published self-host to run; null for the build beside the tests, run by dotnet.</param>
    public static async Task<SelfHostProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, int port, string? executable = null)
    {
        var baseUrl = new Uri($"http://127.0.0.1:{port}");
        var process = Process.Start(Start(settings, executable, "--urls", baseUrl.AbsoluteUri))!;
        var host = new SelfHostProcess(process, baseUrl);
        using var http = new HttpClient { BaseAddress = baseUrl };
        await Eventually.TrueAsync(
            async () =>
            {
                if (process.HasExited)
                {
                    var output = await host.stdout + await host.stderr;
                    throw new InvalidOperationException($"The self-host exited with {process.ExitCode} during start-up:\n{output[^Math.Min(output.Length, 4000)..]}");
                }

                try
                {
                    return (await http.GetAsync("/api/score")).StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            "the self-host to answer",
            TimeSpan.FromSeconds(60));
        return host;
    }

    /// <summary>Runs the self-host until it exits by itself (it should: these settings are bad).</summary>
    public static async Task<(int ExitCode, string Stderr)> RunToExitAsync(IReadOnlyDictionary<string, string?> settings)
    {
        using var process = Process.Start(Start(settings, null, "--urls", "http://127.0.0.1:0"))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        await stdout;
        return (process.ExitCode, stderr);
    }

    /// <summary>A port nobody listens on now, for a process that must come back on the same address.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Everything the process wrote, once it is killed.</summary>
    public async Task<string> KillAndReadOutputAsync()
    {
        await KillAsync();
        return await stdout + await stderr;
    }

    /// <summary>SIGKILL: no shutdown, no flushing, nothing finished.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await KillAsync();
        }

        process.Dispose();
    }

    private static ProcessStartInfo Start(IReadOnlyDictionary<string, string?> settings, string? executable, params string[] args)
    {
        var start = new ProcessStartInfo(executable ?? "dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (executable is null)
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CsatFunctions.SelfHost.dll"));
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Csat__", StringComparison.Ordinal) || k.StartsWith("SendGrid__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return start;
    }
}
