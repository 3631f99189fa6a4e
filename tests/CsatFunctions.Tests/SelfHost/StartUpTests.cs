using System.Diagnostics;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.SelfHost;

/// <summary>The self-host as an operator starts it: a real process, settings from the environment.</summary>
public sealed class StartUpTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Bad_settings_stop_start_up_with_one_line_per_key_and_no_secret_shown()
    {
        var (exitCode, stderr) = await RunSelfHost(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Csat__PublicBaseUrl"] = "not-a-url",
            ["Csat__WebhookSecret"] = "whsec_top-secret-but-malformed",
        });

        Assert.Equal(1, exitCode);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(4, lines.Length);
        Assert.All(lines, line => Assert.StartsWith("Configuration error: ", line));
        Assert.Contains(lines, l => l.Contains("Csat__PublicBaseUrl", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Csat__WebhookSecret", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Csat__LinkSigningKey", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("SendGrid__ApiKey", StringComparison.Ordinal));
        Assert.DoesNotContain("top-secret", stderr);
    }

    [Fact]
    public async Task Unreachable_storage_stops_start_up_with_one_clear_line()
    {
        var (exitCode, stderr) = await RunSelfHost(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["AzureWebJobsStorage"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:1/devstoreaccount1;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;",
            ["Csat__LinkSigningKey"] = PipelineHost.LinkSigningKeyText,
        });

        Assert.Equal(1, exitCode);
        Assert.Contains("Start-up error: Storage is unreachable: check AzureWebJobsStorage", stderr);
    }

    private static async Task<(int ExitCode, string Stderr)> RunSelfHost(Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CsatFunctions.SelfHost.dll"));
        start.ArgumentList.Add("--urls=http://127.0.0.1:0");
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Csat__", StringComparison.Ordinal) || k.StartsWith("SendGrid__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        await stdout;
        return (process.ExitCode, stderr);
    }
}
