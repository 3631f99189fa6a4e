using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using CsatFunctions.Helpdesks.Notes;
using CsatFunctions.SelfHost;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Benchmarks;

/// <summary>
/// Write-back against a Zendesk stub that allows 10 notes a second (a fixed one-second window, 429 with
/// <c>Retry-After: 1</c> beyond it): answered surveys are handed to the answer hook at once, and the
/// self-host's own queue listener writes their notes. Reported: notes a second, 429s, and the storage
/// calls per answer that write-back adds (requests to its queue, its table and the survey table,
/// seen in .NET's HTTP diagnostics). The reference, in the same run: the same answers with the pace
/// off (<c>NotesPerSecond</c> 1000), which only the 429 pause holds back.
/// </summary>
public static class NotesLoadRun
{
    private const int Limit = 10;

    public static async Task RunAsync(string connectionString, int answers)
    {
        Console.WriteLine();
        Console.WriteLine($"## Write-back: {answers} answers' notes against a stub that allows {Limit} notes a second");
        Console.WriteLine();
        Console.WriteLine("| pace (`NotesPerSecond`) | notes written | notes/s (first to last) | 429s | storage calls per answer (queue, note table, survey read) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var pace in new[] { "10", "1000" })
        {
            await RunOnceAsync(connectionString, answers, pace);
        }
    }

    private static async Task RunOnceAsync(string connectionString, int answers, string pace)
    {
        var stub = new LimitedZendesk();
        await using var api = await VendorApiStub.StartAsync(stub.Map, _ => """{"error":"RecordNotFound","description":"Not found"}""");
        var prefix = "notes" + Guid.NewGuid().ToString("N")[..8];
        var app = SelfHostApp.Build(["--urls", "http://127.0.0.1:0", "--hostBuilder:reloadConfigOnChange=false"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = connectionString,
                ["Csat:StoragePrefix"] = prefix,
                ["Csat:WebhookSecret"] = SignedTicket.Secret,
                ["Csat:LinkSigningKey"] = "YmVuY2htYXJrLWxpbmstc2lnbmluZy1rZXktMzItYnl0ZXMhIQ==",
                ["SendGrid:ApiKey"] = "SG.unused",
                ["Csat:Helpdesks:zendesk:WriteBack"] = "note",
                ["Csat:Helpdesks:zendesk:ApiUrl"] = api.BaseUrl.AbsoluteUri,
                ["Csat:Helpdesks:zendesk:ApiUser"] = "bench@example.org",
                ["Csat:Helpdesks:zendesk:ApiToken"] = "bench-token",
                ["Csat:Helpdesks:zendesk:NotesPerSecond"] = pace,
                ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.200",
                ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:01",
            });
            builder.Logging.ClearProviders();
        });
        await app.StartAsync();

        var surveys = app.Services.GetRequiredService<SurveyTable>();
        var hook = app.Services.GetRequiredService<HelpdeskNoteHook>();
        var now = DateTimeOffset.UtcNow;
        var asked = Enumerable.Range(0, answers).Select(i => new Survey(SurveyId.New(), "zendesk", (10_000 + i).ToString(CultureInfo.InvariantCulture), null, null, null, null, null, now.AddHours(-1), now.AddHours(-1))).ToArray();
        var seeded = new Survey[answers];
        await Latencies.MeasureAsync(answers, 16, async i =>
        {
            await surveys.TryInsertAsync(asked[i], CancellationToken.None);
            var stored = (await surveys.GetAsync(asked[i].Id, CancellationToken.None))!;
            seeded[i] = (await surveys.RecordRatingAsync(stored, i % 10 == 0 ? Rating.Unsatisfactory : Rating.Excellent, null, "Quick and friendly", false, [], now, CancellationToken.None))!;
        });

        var names = new[] { $"{prefix}-{QueueStepList.HelpdeskNotes}", $"{prefix}HelpdeskNotes", $"{prefix}Surveys" };
        var calls = 0L;
        using var counting = StorageCalls.Count(uri => names.Any(name => uri.Contains(name, StringComparison.OrdinalIgnoreCase)), () => Interlocked.Increment(ref calls));
        await Latencies.MeasureAsync(seeded.Length, 16, i => hook.OnAnswerAsync(seeded[i], CancellationToken.None));
        var queue = app.Services.GetRequiredService<JsonQueue<HelpdeskNoteMessage>>();
        await Eventually.TrueAsync(
            async () => stub.Notes >= answers && (await queue.Client.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
            $"{answers} notes written and the queue settled",
            TimeSpan.FromMinutes(10));
        var counted = Interlocked.Read(ref calls);
        await app.StopAsync();
        await app.DisposeAsync();

        var span = (stub.LastNote - stub.FirstNote).TotalSeconds;
        var perSecond = span > 0 ? (stub.Notes - 1) / span : 0;
        Console.WriteLine($"| {pace} | {stub.Notes} | {perSecond:F1} | {stub.Throttled} | {(double)counted / answers:F1} |");
    }

    /// <summary>Zendesk's Update Ticket with a fixed window of <see cref="Limit"/> requests a second.</summary>
    private sealed class LimitedZendesk
    {
        private readonly Lock gate = new();
        private long window;
        private int inWindow;

        public int Notes;
        public int Throttled;
        public DateTimeOffset FirstNote = DateTimeOffset.MaxValue;
        public DateTimeOffset LastNote;

        public void Map(WebApplication site) =>
            site.MapPut("/api/v2/tickets/{id}.json", async (HttpContext context, string id) =>
            {
                var now = DateTimeOffset.UtcNow;
                bool throttled;
                lock (gate)
                {
                    var second = now.ToUnixTimeSeconds();
                    if (second != window)
                    {
                        (window, inWindow) = (second, 0);
                    }

                    throttled = ++inWindow > Limit;
                    if (throttled)
                    {
                        Throttled++;
                    }
                    else
                    {
                        Notes++;
                        FirstNote = now < FirstNote ? now : FirstNote;
                        LastNote = now > LastNote ? now : LastNote;
                    }
                }

                // Zendesk's 429 says in Retry-After how many seconds to wait: here, until the next window.
                if (throttled)
                {
                    context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    context.Response.Headers.RetryAfter = "1";
                    await context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = "TooManyRequests" });
                    return;
                }

                await context.Response.WriteAsJsonAsync(new JsonObject { ["ticket"] = new JsonObject { ["id"] = long.Parse(id, CultureInfo.InvariantCulture) } });
            });
    }
}
