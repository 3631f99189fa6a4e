using System.Diagnostics;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Tickets;

/// <summary><c>scripts/send-ticket.mjs</c>, run with node as the README tells a new user to.</summary>
public sealed class SendTicketScriptTests
{
    [Fact]
    public async Task Help_prints_the_usage_and_exits_0()
    {
        var (exitCode, stdout, stderr) = await RunAsync("--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("Usage: node scripts/send-ticket.mjs [options]", stdout);
        Assert.Contains("--ticket <id>", stdout);
        Assert.Equal("", stderr);
    }

    [Fact]
    public async Task An_unknown_option_prints_the_usage_not_a_stack_trace_and_exits_2()
    {
        var (exitCode, _, stderr) = await RunAsync("--tickt", "T-1");

        Assert.Equal(2, exitCode);
        Assert.Contains("Unknown option '--tickt'", stderr);
        Assert.Contains("Usage: node scripts/send-ticket.mjs [options]", stderr);
        Assert.DoesNotContain("    at ", stderr);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] arguments)
    {
        var root = AzuriteProcess.RepositoryRoot();
        var start = new ProcessStartInfo("node") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(root, "scripts", "send-ticket.mjs"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }
}
