using System.Diagnostics;

namespace CsatFunctions.Tests.Infrastructure;

/// <summary>Runs a command-line tool the tests need (node with Chromium, poppler's pdfinfo) on the machine's own clock.</summary>
internal static class ToolProcess
{
    /// <summary>Runs the tool to its end (at most a minute) and answers what it printed; fails the test if it failed.</summary>
    public static async Task<string> RunAsync(string file, params string[] args)
    {
        var (code, stdout, stderr) = await RunWithOutputsAsync(file, args);
        Assert.True(code == 0, $"{Path.GetFileName(args.FirstOrDefault() ?? file)} failed: {stderr}");
        return stdout;
    }

    /// <summary>Runs the tool to its end (at most a minute) and answers its exit code and all it printed, for a test that expects it to refuse.</summary>
    public static async Task<(int Code, string Output)> RunToExitAsync(string file, params string[] args)
    {
        var (code, stdout, stderr) = await RunWithOutputsAsync(file, args);
        return (code, stdout + stderr);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunWithOutputsAsync(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The browser is the customer's, with a clock of its own: under the calendar lanes' faketime the
        // pipeline's clock moves, not the phone's (and Chromium does not run under libfaketime).
        foreach (var faked in new[] { "LD_PRELOAD", "FAKETIME", "FAKETIME_DONT_FAKE_MONOTONIC" })
        {
            start.Environment.Remove(faked);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
