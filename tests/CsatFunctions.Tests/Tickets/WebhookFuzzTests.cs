using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Tickets;

/// <summary>
/// Thousands of generated and mutated deliveries, correctly signed so they reach the parser: wrong
/// types, nulls, huge and odd Unicode strings, duplicate keys, deep nesting, broken encodings, broken
/// headers. Never a 5xx, every refusal a problem naming the fault, and the host stays healthy.
/// </summary>
public sealed class WebhookFuzzTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    private const int Cases = 2500;

    [Fact]
    public async Task No_generated_delivery_gets_a_server_error_or_an_unexplained_refusal()
    {
        var random = new Random(20261123);
        var cases = Enumerable.Range(0, Cases).Select(i => Generate(random, i)).ToList();
        var failures = new List<string>();
        var statuses = new Dictionary<HttpStatusCode, int>();

        // Helpdesks are not all careful: let header values carry UTF-8, which HttpClient refuses by default.
        using var http = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 }) { BaseAddress = Host.Http.BaseAddress };
        using var throttle = new SemaphoreSlim(8);
        await Task.WhenAll(cases.Select(async fuzz =>
        {
            await throttle.WaitAsync();
            try
            {
                using var response = await http.SendAsync(fuzz.Request());
                var body = await response.Content.ReadAsStringAsync();
                lock (statuses)
                {
                    statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
                    if (Problem(response, body) is { } problem)
                    {
                        failures.Add($"{fuzz.Name}: {problem}");
                    }
                }
            }
            finally
            {
                throttle.Release();
            }
        }));

        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.BadRequest) > Cases / 4, "too few deliveries reached validation");
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.Accepted) > 0, "no generated delivery was valid");
        Assert.Equal(HttpStatusCode.OK, (await Host.Http.GetAsync("/api/score")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(PipelineHost.Ticket("T-AFTER-FUZZ"))).StatusCode);
    }

    private static string? Problem(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            return $"{status} {body}";
        }

        if (status is 200 or 202)
        {
            return JsonNode.Parse(body)?["surveyId"] is null ? $"{status} without a survey id" : null;
        }

        if (status is not (400 or 401 or 413))
        {
            return $"unexpected {status}";
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{status} as {response.Content.Headers.ContentType}";
        }

        var problem = JsonNode.Parse(body)!;
        if (status == 400 && problem["errors"]?.AsObject() is not { Count: > 0 })
        {
            return "400 naming no field";
        }

        return problem["detail"] is null && problem["errors"] is null ? $"{status} saying nothing" : null;
    }

    private sealed record Fuzz(string Name, byte[] Body, Func<byte[], HttpRequestMessage> Build)
    {
        public HttpRequestMessage Request() => Build(Body);
    }

    private static Fuzz Generate(Random random, int i)
    {
        var kind = i % 10;
        return kind switch
        {
            0 => Signed("random bytes", RandomBytes(random, random.Next(0, 400))),
            1 => Signed("truncated", Truncate(random, ValidJson(random, i))),
            2 => Signed("deep nesting", Encoding.UTF8.GetBytes(new string('[', random.Next(30, 3000)) + new string(']', random.Next(0, 30)))),
            3 => Signed("duplicate keys", Encoding.UTF8.GetBytes($$$"""{"ticketId":"F-{{{i}}}","ticketId":"F-{{{i}}}b","customer":{"email":"a@example.org","email":"b@example.org"}}""")),
            4 => Signed("bad utf-8", BadUtf8(random, ValidJson(random, i))),
            5 => BadHeaders(random, ValidJson(random, i)),
            _ => Signed("mutated fields", Encoding.UTF8.GetBytes(MutatedFields(random, i).ToJsonString())),
        };
    }

    private static JsonObject MutatedFields(Random random, int i)
    {
        var ticket = JsonNode.Parse(ValidJsonText(i))!.AsObject();
        foreach (var path in new[] { "ticketId", "customer", "subject", "agent", "channel", "resolvedAt" })
        {
            if (random.Next(3) == 0)
            {
                ticket[path] = OddValue(random);
            }
        }

        if (ticket["customer"] is JsonObject customer && random.Next(2) == 0)
        {
            customer["email"] = OddValue(random);
            customer["name"] = OddValue(random);
        }

        if (random.Next(5) == 0)
        {
            ticket["unexpected" + random.Next(100)] = OddValue(random);
        }

        return ticket;
    }

    private static JsonNode? OddValue(Random random) => random.Next(14) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next()),
        2 => JsonValue.Create(random.NextDouble() * 1e300),
        3 => JsonValue.Create(random.Next(2) == 0),
        4 => new JsonArray(JsonValue.Create("x"), null),
        5 => new JsonObject { ["nested"] = new JsonObject { ["deeper"] = "x" } },
        6 => JsonValue.Create(new string('x', random.Next(100, 300_000))),
        7 => JsonValue.Create("👩🏽‍💻 ✓ Ünïcødé 測試 \u200B\u202E مرحبا"),
        8 => JsonValue.Create("\ud800 lone surrogate"),
        9 => JsonValue.Create("line\r\nbreak\u0000nul"),
        10 => JsonValue.Create("<script>alert(1)</script>@example.org"),
        11 => JsonValue.Create("2026-13-45T99:99:99Z"),
        12 => JsonValue.Create(""),
        _ => JsonValue.Create("ok@example.org"),
    };

    private static string ValidJsonText(int i) =>
        PipelineHost.Ticket($"F-{i}", $"fuzz{i}@example.org", "Fuzz", "Subject", "Agent", "phone", DateTimeOffset.UtcNow.AddHours(-1));

    private static byte[] ValidJson(Random random, int i) => Encoding.UTF8.GetBytes(ValidJsonText(i));

    private static byte[] Truncate(Random random, byte[] body) => body[..random.Next(0, body.Length)];

    private static byte[] BadUtf8(Random random, byte[] body)
    {
        var broken = (byte[])body.Clone();
        broken[random.Next(broken.Length)] = (byte)random.Next(0x80, 0x100);
        return broken;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static Fuzz Signed(string name, byte[] body) => new(name, body, b => Request(b, "msg_" + Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(), null));

    private static Fuzz BadHeaders(Random random, byte[] body)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return random.Next(6) switch
        {
            0 => new("no id", body, b => Request(b, "", now.ToString(), null)),
            1 => new("timestamp not a number", body, b => Request(b, "msg_1", "yesterday", null)),
            2 => new("timestamp huge", body, b => Request(b, "msg_1", "99999999999999999999", null)),
            3 => new("signature garbage", body, b => Request(b, "msg_1", now.ToString(), "v1,!!!notbase64 v1, v2,abc ,,, v1")),
            4 => new("signature of another body", body, b => Request(b, "msg_1", now.ToString(), PipelineHost.WebhookSecret.Sign("msg_1", now, "{}"u8))),
            _ => new("unicode in headers", body, b => Request(b, "msg_ü", now.ToString(), null)),
        };
    }

    private static HttpRequestMessage Request(byte[] body, string id, string timestamp, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets/resolved") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("webhook-id", id);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp);
        var signed = long.TryParse(timestamp, out var seconds) ? seconds : 0;
        request.Headers.TryAddWithoutValidation("webhook-signature", signature ?? PipelineHost.WebhookSecret.Sign(id, signed, body));
        return request;
    }
}
