using System.Diagnostics;
using System.Net;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Benchmarks;

/// <summary>
/// The whole pipeline under a burst: the self-host as its own process, a burst of signed tickets, and
/// the real SendGrid client sending each survey to a stub that takes 100 ms to answer, until every
/// survey is emailed; with the self-host's memory (RSS) at idle and at its peak, for a small and a
/// large burst, so it shows whether memory grows with the burst.
/// </summary>
public static class PipelineLoadRun
{
    public static async Task RunAsync(string connectionString, params int[] bursts)
    {
        Console.WriteLine();
        Console.WriteLine("## The whole pipeline: a burst of tickets until every survey is emailed (SendGrid stub answering in 100 ms)");
        Console.WriteLine();
        Console.WriteLine("| tickets | all accepted after | all emailed after | self-host RSS at idle | peak RSS |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: |");
        foreach (var tickets in bursts)
        {
            await using var sendGrid = await SendGridStub.StartAsync();
            sendGrid.Latency = TimeSpan.FromMilliseconds(100);
            var settings = new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = connectionString,
                ["Csat:StoragePrefix"] = "pipe" + Guid.NewGuid().ToString("N")[..8],
                ["Csat:WebhookSecret"] = SignedTicket.Secret,
                ["Csat:LinkSigningKey"] = "YmVuY2htYXJrLWxpbmstc2lnbmluZy1rZXktMzItYnl0ZXMhIQ==",
                ["Csat:WebhookRequestsPerMinute"] = "0",
                ["Csat:PublishContainer"] = "off",
                ["SendGrid:ApiKey"] = "SG.benchmark",
                ["SendGrid:BaseUrl"] = sendGrid.BaseUrl.AbsoluteUri,
            };
            await using var host = await SelfHostProcess.StartAsync(settings, SelfHostProcess.FreePort());
            await Task.Delay(1000);
            var idle = Memory(host.ProcessId, "VmRSS");

            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 }) { BaseAddress = host.BaseUrl };
            var watch = Stopwatch.StartNew();
            await Latencies.MeasureAsync(tickets, 32, async i =>
            {
                using var request = SignedTicket.Request($"msg_burst_{i}", $$"""{"ticketId":"B-{{i}}","customer":{"email":"c{{i}}@example.org","name":"Customer {{i}}"},"subject":"Burst","channel":"phone"}""");
                // A 200 is a first delivery whose insert the storage client retried after a slow answer: still taken in.
                using var response = await http.SendAsync(request);
                if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.OK))
                {
                    throw new InvalidOperationException($"Intake answered {(int)response.StatusCode}.");
                }
            });
            var accepted = watch.Elapsed;
            await sendGrid.WaitForAsync(tickets, TimeSpan.FromMinutes(15));
            var emailed = watch.Elapsed;
            var peak = Memory(host.ProcessId, "VmHWM");
            Console.WriteLine($"| {tickets:N0} | {accepted.TotalSeconds:F1} s | {emailed.TotalSeconds:F1} s | {idle / 1024.0:F0} MiB | {peak / 1024.0:F0} MiB |");
        }
    }

    /// <summary>A figure of /proc/{pid}/status in KiB: VmRSS now, VmHWM the peak since the process started.</summary>
    public static long Memory(int processId, string field) =>
        File.ReadLines($"/proc/{processId}/status").Where(line => line.StartsWith(field + ":", StringComparison.Ordinal))
            .Select(line => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture))
            .Single();
}
