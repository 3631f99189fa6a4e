using System.Diagnostics;
using System.Text;
using CsatFunctions.SelfHost;
using CsatFunctions.Storage;
using CsatFunctions.Tests.Infrastructure;
using CsatFunctions.Tickets;
using CsatFunctions.Webhooks;

namespace CsatFunctions.Benchmarks;

/// <summary>
/// Outgoing webhooks: events queued for one endpoint (a receiver on a loopback port answering 200 at
/// once), timed from the first message queued until the receiver has every one, through a running
/// self-host's queue listener (each delivery: sign, POST, the endpoint's log row, the message
/// deleted); beside it, the same signed POSTs made directly, and the queue's own calls made directly.
/// </summary>
public static class WebhooksLoadRun
{
    private const string Secret = "whsec_YmVuY2htYXJrLXdlYmhvb2stc2VjcmV0LTMyLWJ5dGVzIQ==";
    private const int Parallelism = 16;

    public static async Task RunAsync(string connectionString, int events)
    {
        var received = 0;
        await using var receiver = await LocalSite.StartAsync(site => site.MapPost("/hook", () =>
        {
            Interlocked.Increment(ref received);
            return Results.Ok();
        }));
        var url = receiver.Urls.First() + "/hook";
        await using var app = SelfHostApp.Build(["--urls", "http://127.0.0.1:0", "--environment", "Production"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = connectionString,
                ["Csat:StoragePrefix"] = "wh" + Guid.NewGuid().ToString("N")[..8],
                ["Csat:LinkSigningKey"] = "YmVuY2htYXJrLWxpbmstc2lnbmluZy1rZXktMzItYnl0ZXMhIQ==",
                ["SendGrid:ApiKey"] = "SG.unused",
                ["Csat:Webhooks:bench:Url"] = url,
                ["Csat:Webhooks:bench:Secret"] = Secret,
                ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.100",
            });
            builder.Logging.ClearProviders();
        });
        await app.StartAsync();

        var queue = app.Services.GetRequiredService<JsonQueue<WebhookMessage>>();
        var messages = Enumerable.Range(0, events).Select(Message).ToList();
        var total = Stopwatch.StartNew();
        await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (message, ct) => await queue.EnqueueAsync(message, null, ct));
        while (Volatile.Read(ref received) < events)
        {
            await Task.Delay(20);
        }

        var listener = total.Elapsed;
        await app.StopAsync();

        _ = WebhookSecret.TryParse(Secret, out var secret);
        using var http = new HttpClient();
        received = 0;
        var direct = Stopwatch.StartNew();
        await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (message, ct) =>
        {
            var body = Encoding.UTF8.GetBytes(message.Body);
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Headers.Add("webhook-id", message.Id);
            request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", secret!.Sign(message.Id, timestamp, body));
            using var response = await http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
        });
        var raw = direct.Elapsed;

        // The queue's own calls for the same events: each message sent, received 32 at a time, deleted.
        var queueCalls = Stopwatch.StartNew();
        await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (message, ct) => await queue.EnqueueAsync(message, null, ct));
        while ((await queue.Client.ReceiveMessagesAsync(32)).Value is { Length: > 0 } batch)
        {
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (message, ct) => await queue.Client.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct));
        }

        var queueOnly = queueCalls.Elapsed;

        Console.WriteLine();
        Console.WriteLine($"## Outgoing webhooks: {events:N0} events to one endpoint on a loopback port, from the first message queued until the receiver has them all");
        Console.WriteLine();
        Console.WriteLine("| path | events/s | time |");
        Console.WriteLine("| --- | ---: | ---: |");
        Console.WriteLine($"| queued, then delivered by the self-host's queue listener (sign, POST, the endpoint's log, delete) | {events / listener.TotalSeconds:F0}/s | {listener.TotalSeconds:F1} s |");
        Console.WriteLine($"| the same signed POSTs made directly, {Parallelism} at a time | {events / raw.TotalSeconds:F0}/s | {raw.TotalSeconds:F1} s |");
        Console.WriteLine($"| the queue calls alone, made directly (send, receive 32 at a time, delete {Parallelism} at a time) | {events / queueOnly.TotalSeconds:F0}/s | {queueOnly.TotalSeconds:F1} s |");
    }

    private static WebhookMessage Message(int i)
    {
        var body = $$$"""{"type":"rating.recorded","timestamp":"2026-12-03T10:00:00+00:00","data":{"surveyId":"s{{{i}}}","ticketId":"T-{{{i}}}","source":"generic","rating":"excellent","scale":"three-level","ratedAt":"2026-12-03T10:00:00+00:00"}}""";
        return new WebhookMessage("bench", WebhookBodies.IdOf(WebhookEventTypes.RatingRecorded, $"s{i}"), WebhookEventTypes.RatingRecorded, body);
    }
}
