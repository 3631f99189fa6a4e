using System.Diagnostics;
using System.Globalization;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Helpdesks.Whmcs;

/// <summary>
/// The shipped hook file (<c>integrations/whmcs/csat_ticket_close.php</c>) run by Debian's php-cli inside
/// a stand-in for WHMCS (<c>whmcs_stub.php</c>): closing a ticket runs its TicketClose hook, which
/// reads the fixtures through localAPI and writes failures to an activity log this class reads; a cron
/// run runs its AfterCronJob hook. Each instance has an outbox directory of its own.
/// </summary>
public sealed class WhmcsHook : IDisposable
{
    public const string Php = "/usr/bin/php";

    private static readonly string Folder = Path.Combine(AzuriteProcess.RepositoryRoot(), "tests", "CsatFunctions.Tests", "Helpdesks", "Whmcs");
    private readonly string activityLog = Path.Combine(Path.GetTempPath(), $"whmcs-activity-{Guid.NewGuid():N}.log");
    private readonly string? secret;

    /// <summary>Under faketime, the moment the last PHP run started at: each run starts a second after it at least.</summary>
    private DateTimeOffset lastFakedStart;

    /// <param name="url">CSAT_WHMCS_URL as the hook reads it from the environment; null leaves it unset.</param>
    /// <param name="secret">CSAT_WHMCS_SECRET; null leaves it unset.</param>
    public WhmcsHook(string? url, string? secret)
    {
        // CI installs php-cli and must run these; a developer without it is told how to get it.
        Assert.SkipWhen(
            !File.Exists(Php) && Environment.GetEnvironmentVariable("CI") is null,
            $"php-cli is not installed at {Php} (apt-get install php-cli); CI installs it and runs these tests.");
        Url = url;
        this.secret = secret;
        Directory.CreateDirectory(Path.GetDirectoryName(Outbox)!);
    }

    /// <summary>CSAT_WHMCS_URL for the next close or cron run; null leaves it unset.</summary>
    public string? Url { get; set; }

    /// <summary>The hook's outbox (CSAT_WHMCS_OUTBOX): a fresh directory of its own, inside one that already exists.</summary>
    public string Outbox { get; } = Path.Combine(Path.GetTempPath(), $"whmcs-outbox-{Guid.NewGuid():N}", "outbox");

    /// <summary>The deliveries saved to resend, one file each.</summary>
    public IReadOnlyList<string> OutboxFiles => Directory.Exists(Outbox) ? Directory.GetFiles(Outbox, "msg_*.json") : [];

    /// <summary>What the hook wrote to WHMCS's activity log so far, one entry a line.</summary>
    public IReadOnlyList<string> ActivityLog => File.Exists(activityLog) ? File.ReadAllLines(activityLog) : [];

    /// <summary>Closes the ticket in the stand-in WHMCS: every TicketClose hook runs with <c>['ticketid' => ticketId]</c>.</summary>
    /// <returns>How long closing the ticket took.</returns>
    public Task<TimeSpan> CloseTicketAsync(int ticketId) => RunAsync("TicketClose", ticketId.ToString(CultureInfo.InvariantCulture));

    /// <summary>A reply or a status change in the stand-in WHMCS: every hook for <paramref name="hookPoint"/> (TicketUserReply, TicketAdminReply, TicketStatusChange) runs with the ticket id and its status after it.</summary>
    public Task<TimeSpan> ChangeTicketAsync(string hookPoint, int ticketId, string status) => RunAsync(hookPoint, ticketId.ToString(CultureInfo.InvariantCulture), status);

    /// <summary>Ends a run of WHMCS's system cron: every AfterCronJob hook runs.</summary>
    public Task<TimeSpan> RunCronAsync() => RunAsync("AfterCronJob");

    private async Task<TimeSpan> RunAsync(params string[] hook)
    {
        var start = new ProcessStartInfo(Php) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] arguments =
        [
            Path.Combine(Folder, "whmcs_stub.php"),
            Path.Combine(AzuriteProcess.RepositoryRoot(), "integrations", "whmcs", "csat_ticket_close.php"),
            Path.Combine(AppContext.BaseDirectory, "Helpdesks", "Whmcs", "Fixtures"),
            activityLog,
            .. hook,
        ];
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("CSAT_WHMCS_URL");
        start.Environment.Remove("CSAT_WHMCS_SECRET");
        start.Environment["CSAT_WHMCS_OUTBOX"] = Outbox;
        if (Url is not null)
        {
            start.Environment["CSAT_WHMCS_URL"] = Url;
        }

        if (secret is not null)
        {
            start.Environment["CSAT_WHMCS_SECRET"] = secret;
        }

        // Under the calendar lanes' faketime every process starts at the lane's fixed moment, so PHP
        // would sign minutes behind the host, which has been running since: it starts at the host's time.
        // faketime takes whole seconds, so two runs within one second would start at the same moment and
        // a reply could be timed before the close it follows; a WHMCS server's clock only moves forward,
        // so a run starts a second after the one before at least (a few seconds ahead after quick runs).
        if (start.Environment.TryGetValue("FAKETIME", out var faked) && faked?.StartsWith('@') == true)
        {
            var now = TimeProvider.System.GetLocalNow();
            var second = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
            lastFakedStart = second > lastFakedStart ? second : lastFakedStart.AddSeconds(1);
            start.Environment["FAKETIME"] = "@" + lastFakedStart.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        }

        var started = Stopwatch.GetTimestamp();
        using var php = Process.Start(start)!;
        var output = php.StandardOutput.ReadToEndAsync();
        var errors = php.StandardError.ReadToEndAsync();
        await php.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var took = Stopwatch.GetElapsedTime(started);

        // The stub prints "… returned" after the hooks return: the hook neither threw nor stopped PHP.
        Assert.True(php.ExitCode == 0 && (await output).TrimEnd().EndsWith($"{hook[0]} returned", StringComparison.Ordinal), $"php exited {php.ExitCode}: {await output} {await errors}");
        Assert.Equal("", (await errors).Trim());
        return took;
    }

    public void Dispose()
    {
        File.Delete(activityLog);
        Directory.Delete(Path.GetDirectoryName(Outbox)!, recursive: true);
    }
}
