using System.Diagnostics;

namespace CsatFunctions.Tests.Infrastructure;

/// <summary>The self-host as docs/self-host.md publishes it, with its bin and obj kept apart from the tests' own build.</summary>
public static class PublishedSelfHost
{
    /// <param name="folder">An empty folder; the build goes in <c>out</c>, its bin and obj in <c>artifacts</c>.</param>
    /// <returns>The published executable.</returns>
    public static async Task<string> PublishAsync(string folder, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var output = Path.Combine(folder, "out");
        foreach (var arg in new[] { "publish", Path.Combine(AzuriteProcess.RepositoryRoot(), "functions", "CsatFunctions.SelfHost"), "-c", "Release", "--artifacts-path", Path.Combine(folder, "artifacts"), "-o", output, "-nologo" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode == 0
            ? Path.Combine(output, "CsatFunctions.SelfHost")
            : throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
    }
}
