using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace CsatFunctions.Tests.SelfHost;

/// <summary>The self-host as an operator starts it: a real process, settings from the environment.</summary>
public sealed class StartUpTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Bad_settings_stop_start_up_with_one_line_per_key_and_no_secret_shown()
    {
        var (exitCode, stderr) = await SelfHostProcess.RunToExitAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Csat__PublicBaseUrl"] = "not-a-url",
            ["Csat__WebhookSecret"] = "whsec_top-secret-but-malformed",
            ["SelfHost__TrustedProxies"] = "10.0.0.5, the-proxy",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "collector:4317",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/json",
        });

        Assert.Equal(1, exitCode);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(7, lines.Length);
        Assert.Contains(lines, l => l.Contains("SelfHost__TrustedProxies", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("OTEL_EXPORTER_OTLP_PROTOCOL", StringComparison.Ordinal));
        Assert.All(lines, line => Assert.StartsWith("Configuration error: ", line));
        Assert.Contains(lines, l => l.Contains("Csat__PublicBaseUrl", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Csat__WebhookSecret", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Csat__LinkSigningKey", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("SendGrid__ApiKey", StringComparison.Ordinal));
        Assert.DoesNotContain("top-secret", stderr);
    }

    [Fact]
    public async Task The_sample_settings_copied_to_production_stop_start_up_with_one_line_per_sample_secret()
    {
        var sample = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AzuriteProcess.RepositoryRoot(), "local.settings.sample.json")).Build()
            .GetSection("Values").AsEnumerable(makePathsRelative: true).Where(value => value.Value is not null).ToList();
        var settings = sample.ToDictionary(value => value.Key, value => value.Value);
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        settings["SendGrid__ApiKey"] = PipelineHost.SendGridApiKey;

        var (exitCode, stderr) = await SelfHostProcess.RunToExitAsync(settings);

        Assert.Equal(1, exitCode);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(
            ["Configuration error: Csat__AdminKey", "Configuration error: Csat__LinkSigningKey", "Configuration error: Csat__WebhookSecret"],
            lines.Select(line => string.Join(' ', line.Split(' ').Take(3))).Order(StringComparer.Ordinal));
        Assert.All(sample.Where(value => value.Key.EndsWith("Key", StringComparison.Ordinal) || value.Key.EndsWith("Secret", StringComparison.Ordinal)), secret => Assert.DoesNotContain(secret.Value!, stderr));
    }

    [Fact]
    public async Task Unreachable_storage_stops_start_up_with_one_clear_line()
    {
        var (exitCode, stderr) = await SelfHostProcess.RunToExitAsync(new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["AzureWebJobsStorage"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:1/devstoreaccount1;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;",
            ["Csat__LinkSigningKey"] = PipelineHost.LinkSigningKeyText,
        });

        Assert.Equal(1, exitCode);
        Assert.Contains("Start-up error: Storage is unreachable: check AzureWebJobsStorage", stderr);
    }
}
