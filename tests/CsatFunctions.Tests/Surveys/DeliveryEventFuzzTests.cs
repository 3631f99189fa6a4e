using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Consent;
using CsatFunctions.Storage;
using CsatFunctions.Surveys.Delivery;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Surveys;

/// <summary>
/// A thousand signed batches of SendGrid's events, mutated as the ticket webhook's deliveries are:
/// wrong types, nulls, odd and broken strings, unknown and malformed survey ids, stray elements,
/// truncation and flipped bytes, the same events again and again. Every batch is signed, so it
/// reaches the parser. Never a 5xx, never a poisoned batch, and every survey counted once.
/// </summary>
[Drill]
public sealed class DeliveryEventFuzzTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    private const int Cases = 1000;

    [Fact]
    public async Task No_mutated_batch_gets_a_server_error_and_events_seen_many_times_count_once()
    {
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(PipelineHost.Ticket($"T-{i}", Customer(i)))).StatusCode);
        }

        var ids = (await SendGrid.WaitForAsync(6)).ToDictionary(SurveyMail.ToAddressOf, SurveyMail.SurveyIdOf);
        var at = Host.Clock.GetUtcNow();

        // The truth: 0 to 3 delivered, 4 hard-bounced, 5 dropped; each event with its one sg_event_id.
        JsonObject[] truth =
        [
            .. Enumerable.Range(0, 6).Select(i => SendGridEvents.Event("processed", ids[Customer(i)], Customer(i), at)),
            .. Enumerable.Range(0, 4).Select(i => SendGridEvents.Event("delivered", ids[Customer(i)], Customer(i), at.AddSeconds(2))),
            SendGridEvents.Bounce(ids[Customer(4)], Customer(4), at.AddSeconds(3)),
            SendGridEvents.Dropped(ids[Customer(5)], Customer(5), at.AddSeconds(1)),
        ];

        var random = new Random(20261124);
        var statuses = new Dictionary<HttpStatusCode, int>();
        var failures = new List<string>();
        using var throttle = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(0, Cases).Select(i => Mutate(random, truth, i)).ToList().Select(async body =>
        {
            await throttle.WaitAsync();
            try
            {
                var response = await Host.PostEventsAsync(body);

                // Only a few unverified bodies are received at once; the rest are told to come back, as SendGrid does.
                while (response.StatusCode == HttpStatusCode.TooManyRequests && response.Headers.RetryAfter is not null)
                {
                    response.Dispose();
                    response = await Host.PostEventsAsync(body);
                }

                using var answered = response;
                var text = await response.Content.ReadAsStringAsync();
                lock (statuses)
                {
                    statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
                    if (response.StatusCode != HttpStatusCode.OK && (response.StatusCode != HttpStatusCode.BadRequest || response.Content.Headers.ContentType?.MediaType != "application/problem+json"))
                    {
                        failures.Add($"{(int)response.StatusCode}: {text} for {Encoding.UTF8.GetString(body)[..Math.Min(200, body.Length)]}");
                    }
                }
            }
            finally
            {
                throttle.Release();
            }
        }));

        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(10)));
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.OK) > Cases / 3, "too few batches reached the queue");
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.BadRequest) > Cases / 10, "too few batches were broken");

        // The whole truth once more, so every survey has all its events whatever the mutations dropped.
        Assert.Equal(HttpStatusCode.OK, (await Host.PostEventsAsync(SendGridEvents.Batch(truth))).StatusCode);
        await Host.WaitForEventsAppliedAsync();
        var queue = Host.Services.GetRequiredService<JsonQueue<DeliveryEventsMessage>>();
        Assert.Equal(0, (await queue.Poison.GetPropertiesAsync()).Value.ApproximateMessagesCount);

        var window = (await Host.RefreshScoreAsync())["windows"]!["allTime"]!;
        Assert.Equal((6, 4, 2), (window["surveyed"]!.GetValue<int>(), window["delivered"]!.GetValue<int>(), window["undeliverable"]!.GetValue<int>()));
        var customers = Host.Services.GetRequiredService<CustomerRegistry>();
        var suppressed = new List<string?>();
        for (var i = 0; i < 6; i++)
        {
            suppressed.Add((await customers.GetAsync(Customer(i), CancellationToken.None)).SuppressedBecause);
        }

        Assert.Equal([null, null, null, null, "bounce", "dropped: Bounced Address"], suppressed);
    }

    private static string Customer(int i) => $"f{i}@example.org";

    /// <summary>Some of the true events, each perhaps broken, with stray elements; then perhaps the bytes themselves broken.</summary>
    private byte[] Mutate(Random random, JsonObject[] truth, int index)
    {
        var batch = new JsonArray();
        foreach (var item in truth.Where(_ => random.Next(3) == 0))
        {
            var copy = (JsonObject)item.DeepClone();
            if (random.Next(3) == 0)
            {
                var key = copy.Select(p => p.Key).ElementAt(random.Next(copy.Count));
                copy[key] = Value(random);
            }

            batch.Add(copy);
        }

        for (var extra = random.Next(3); extra > 0; extra--)
        {
            batch.Add(random.Next(4) switch
            {
                0 => Value(random),
                1 => SendGridEvents.Event(random.Next(2) == 0 ? "delivered" : "bounce", Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()), "stranger@example.org", Host.Clock.GetUtcNow()),
                2 => new JsonObject { ["event"] = "dropped", ["survey_id"] = "../" + index, ["sg_event_id"] = "a/b#c?d\\e" },
                _ => new JsonArray(new JsonArray(new JsonObject { ["event"] = "delivered" })),
            });
        }

        var bytes = Encoding.UTF8.GetBytes(batch.ToJsonString());
        return random.Next(5) switch
        {
            0 => Flip(random, bytes),
            1 => bytes[..random.Next(bytes.Length + 1)],
            2 => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("\"processed\"", "\"pro\\ud800cessed\\u0000\"", StringComparison.Ordinal).Replace("550", "5\\udfff\\n50", StringComparison.Ordinal)),
            _ => bytes,
        };
    }

    private static JsonNode? Value(Random random) => random.Next(8) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next()),
        2 => JsonValue.Create(-1.5e300),
        3 => JsonValue.Create(new string('x', random.Next(1, 20_000))),
        4 => new JsonArray(1, "two", null),
        5 => new JsonObject { ["nested"] = new JsonObject { ["deeper"] = true } },
        6 => JsonValue.Create("\u202e\u0007\ufeff😀"),
        _ => JsonValue.Create(true),
    };

    private static byte[] Flip(Random random, byte[] bytes)
    {
        var flipped = (byte[])bytes.Clone();
        for (var n = random.Next(1, 4); n > 0 && flipped.Length > 0; n--)
        {
            flipped[random.Next(flipped.Length)] = (byte)random.Next(256);
        }

        return flipped;
    }
}
