using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Consent;
using CsatFunctions.Scores;
using CsatFunctions.SelfHost;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using CsatFunctions.Surveys.Delivery;

namespace CsatFunctions.Benchmarks;

/// <summary>
/// SendGrid's events through the signed Event Webhook of a running self-host, in batches of 1,000,
/// timed from the first POST until every event is applied by the queue listener; beside it, the
/// storage calls applying them needs, made directly at the same parallelism.
/// </summary>
public static class DeliveryEventsLoadRun
{
    private const int BatchSize = 1000;

    public static async Task RunAsync(string connectionString, int surveys)
    {
        using var sendGridKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var prefix = "ev" + Guid.NewGuid().ToString("N")[..8];
        await using var app = SelfHostApp.Build(["--urls", "http://127.0.0.1:0", "--environment", "Production"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = connectionString,
                ["Csat:StoragePrefix"] = prefix,
                ["Csat:LinkSigningKey"] = "YmVuY2htYXJrLWxpbmstc2lnbmluZy1rZXktMzItYnl0ZXMhIQ==",
                ["SendGrid:ApiKey"] = "SG.unused",
                ["SendGrid:EventWebhookPublicKey"] = Convert.ToBase64String(sendGridKey.ExportSubjectPublicKeyInfo()),
                ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.100",
            });
            builder.Logging.ClearProviders();
        });
        await app.StartAsync();

        var storage = app.Services.GetRequiredService<CsatStorage>();
        var table = app.Services.GetRequiredService<SurveyTable>();
        var sent = await SeedAsync(table, "bench", surveys);
        var batches = Events(sent, DateTimeOffset.UtcNow).Chunk(BatchSize).Select(chunk => Encoding.UTF8.GetBytes(new JsonArray([.. chunk]).ToJsonString())).ToList();
        var events = batches.Count * BatchSize;

        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var posts = new List<TimeSpan>();
        var queue = app.Services.GetRequiredService<JsonQueue<DeliveryEventsMessage>>();
        var total = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sendgrid/events") { Content = new ByteArrayContent(batch) };
            request.Headers.Add(EventWebhookKey.TimestampHeader, timestamp);
            request.Headers.Add(EventWebhookKey.SignatureHeader, Convert.ToBase64String(sendGridKey.SignData([.. Encoding.UTF8.GetBytes(timestamp), .. batch], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)));
            var one = Stopwatch.StartNew();
            using var response = await http.SendAsync(request);
            posts.Add(one.Elapsed);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"The event webhook answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        while ((await queue.Client.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0)
        {
            await Task.Delay(20);
        }

        var webhook = total.Elapsed;
        await app.StopAsync();

        var raw = await RawAsync(storage, surveys, batches);

        Console.WriteLine();
        Console.WriteLine($"## SendGrid's events: {events:N0} events about {surveys:N0} surveys in signed batches of {BatchSize:N0}, from the first POST until every event is applied");
        Console.WriteLine();
        Console.WriteLine("| path | events/s | time | POST answered (p50 / max) |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        Console.WriteLine($"| POST /api/sendgrid/events, then the queue listener applies each batch | {events / webhook.TotalSeconds:F0}/s | {webhook.TotalSeconds:F1} s | {posts.Order().ElementAt(posts.Count / 2).TotalMilliseconds:F0} / {posts.Max().TotalMilliseconds:F0} ms |");
        Console.WriteLine($"| the storage calls applying them needs, made directly | {events / raw.TotalSeconds:F0}/s | {raw.TotalSeconds:F1} s | |");
        Console.WriteLine();
        Console.WriteLine($"Through the webhook: {raw / webhook:P0} of the raw storage rate.");
    }

    /// <summary>Surveys as the mailer leaves them: sent, waiting for SendGrid's news.</summary>
    private static async Task<List<Survey>> SeedAsync(SurveyTable table, string run, int count)
    {
        var now = DateTimeOffset.UtcNow;
        var surveys = Enumerable.Range(0, count)
            .Select(i => new Survey(SurveysByTicket.KeyOf(run, $"T-{i}"), run, $"T-{i}", $"c{i}@example.org", null, null, null, "email", now.AddDays(-(i % 20)), now) { Email = EmailState.Sent })
            .ToList();
        await Parallel.ForEachAsync(surveys, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (survey, ct) => await table.TryInsertAsync(survey, ct));
        return surveys;
    }

    /// <summary>Per survey, processed then delivered; one in twenty bounces instead (and goes on the suppression list).</summary>
    private static IEnumerable<JsonObject> Events(List<Survey> surveys, DateTimeOffset at)
    {
        for (var i = 0; i < surveys.Count; i++)
        {
            foreach (var name in new[] { "processed", i % 20 == 0 ? "bounce" : "delivered" })
            {
                var json = new JsonObject
                {
                    ["email"] = surveys[i].CustomerEmail,
                    ["timestamp"] = at.ToUnixTimeSeconds(),
                    ["event"] = name,
                    ["sg_event_id"] = Guid.NewGuid().ToString("N"),
                    ["sg_message_id"] = Guid.NewGuid().ToString("N"),
                    ["survey_id"] = surveys[i].Id,
                };
                if (name == "bounce")
                {
                    json["type"] = "bounce";
                    json["reason"] = "550 5.1.1 User unknown";
                }

                yield return json;
            }
        }
    }

    /// <summary>
    /// What applying the events costs in storage, made directly: per batch, store and queue it, read
    /// it back and remove it; per survey, read its row, file its new state under its day, mark the day
    /// changed and merge the row; per bounce, the suppression with its event row.
    /// </summary>
    private static async Task<TimeSpan> RawAsync(CsatStorage benchStorage, int count, List<byte[]> batches)
    {
        var storage = new CsatStorage(benchStorage.Options with { Prefix = "raw" + Guid.NewGuid().ToString("N")[..8] });
        var table = new SurveyTable(storage);
        var days = new SurveyDayIndex(storage);
        var changes = new ScoreChangeLog(storage);
        var customers = new CustomerRegistry(storage, new CsatOptions { LinkSigningKeys = new(new byte[32]) });
        var blobs = new DeliveryEventBatches(storage);
        var queue = new JsonQueue<DeliveryEventsMessage>(storage, QueueStepList.DeliveryEvents);
        foreach (IProvisioned resource in (IProvisioned[])[storage, table, days, changes, customers, blobs, queue])
        {
            await resource.CreateIfNotExistsAsync(CancellationToken.None);
        }

        var surveys = await SeedAsync(table, "raw", count);
        var watch = Stopwatch.StartNew();
        var perBatch = surveys.Count / batches.Count;
        await Parallel.ForEachAsync(batches.Select((batch, index) => (batch, index)), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (item, ct) =>
        {
            var name = await blobs.StoreAsync(item.batch, ct);
            await queue.EnqueueAsync(new DeliveryEventsMessage(name), null, ct);
            await blobs.ReadAsync(name, ct);
            await Parallel.ForEachAsync(surveys.Skip(item.index * perBatch).Take(perBatch), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = ct }, async (survey, token) =>
            {
                var row = (await table.GetAsync(survey.Id, token))!;
                var stored = row.Survey;
                var bounced = int.Parse(survey.TicketId[2..], System.Globalization.CultureInfo.InvariantCulture) % 20 == 0;
                var updated = bounced ? stored with { ProcessedAt = DateTimeOffset.UtcNow, UndeliverableBecause = "bounce" } : stored with { ProcessedAt = DateTimeOffset.UtcNow, DeliveredAt = DateTimeOffset.UtcNow };
                await days.FileAsync(updated, token);
                await changes.MarkAsync(updated.ResolvedDay, updated.Id, token);
                await table.TryRecordDeliveryAsync(row, updated, token);
                if (bounced)
                {
                    await customers.SuppressForEventAsync(survey.CustomerEmail!, "bounce", DateTimeOffset.UtcNow, Guid.NewGuid().ToString("N"), token);
                }
            });
            await blobs.RemoveAsync(name, ct);
        });
        return watch.Elapsed;
    }
}
