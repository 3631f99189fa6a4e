using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Tests.Infrastructure;
using CsatFunctions.Tickets;

namespace CsatFunctions.Tests.Tickets;

/// <summary>
/// Thousands of generated and mutated deliveries to all eight intake routes, each correctly signed
/// its own way so it reaches the parser: wrong types, nulls, huge and odd Unicode strings, escaped
/// lone surrogates and control characters, duplicate keys, deep nesting, broken encodings, broken
/// headers. Bodies are written as raw bytes: a JSON writer would repair a lone surrogate before it
/// was ever sent. Never a 5xx, every refusal a problem naming the fault, and the host stays healthy.
/// </summary>
[Drill]
public sealed class WebhookFuzzTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    private const int Cases = 2500;
    private const string ZendeskSecret = "fuzz-zendesk-secret-0123456789";
    private const string HelpScoutSecret = "fuzz-helpscout-key";
    private const string JiraSecret = "fuzz-jira-secret-0123456789";
    private const string FreshdeskSecret = "fuzz-freshdesk-secret-0123456789";
    private const string ZammadSecret = "fuzz-zammad-token";
    private const string HaloPsaPassword = "fuzz-halopsa-password-0123456789";
    private const string FreshserviceSecret = "fuzz-freshservice-secret-0123456789";
    private const string WhmcsSecret = "whsec_ZnV6ei13aG1jcy1zZWNyZXQtdGhpcnR5LXR3by1ieXRlcyE=";

    private static readonly WebhookSecret WhmcsKey = WebhookSecret.TryParse(WhmcsSecret, out var key) ? key! : throw new InvalidOperationException("The fuzz test's WHMCS secret does not parse.");

    private static readonly string[] Routes = ["generic", "zendesk", "helpscout", "jira", "freshdesk", "zammad", "halopsa", "freshservice", "whmcs"];

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Csat:ZendeskSecret"] = ZendeskSecret;
        settings["Csat:HelpScoutSecret"] = HelpScoutSecret;
        settings["Csat:JiraSecret"] = JiraSecret;
        settings["Csat:FreshdeskSecret"] = FreshdeskSecret;
        settings["Csat:Helpdesks:zammad:Secret"] = ZammadSecret;
        settings["Csat:Helpdesks:halopsa:User"] = "fuzz";
        settings["Csat:Helpdesks:halopsa:Password"] = HaloPsaPassword;
        settings["Csat:Helpdesks:freshservice:Secret"] = FreshserviceSecret;
        settings["Csat:Helpdesks:whmcs:Secret"] = WhmcsSecret;
    }

    [Fact]
    public async Task No_generated_delivery_to_any_intake_route_gets_a_server_error_or_an_unexplained_refusal()
    {
        var random = new Random(20261124);
        var cases = Enumerable.Range(0, Cases).Select(i => Generate(random, i)).ToList();
        var failures = new List<string>();
        var statuses = new Dictionary<HttpStatusCode, int>();
        var surrogatesCounted = new HashSet<string>();

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
                        failures.Add($"{fuzz.Route} {fuzz.Name}: {problem}");
                    }
                    else if (fuzz.HasLoneSurrogate && JsonNode.Parse(body)?["surveyId"] is not null)
                    {
                        surrogatesCounted.Add(fuzz.Route);
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
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.Accepted) > Cases / 10, "too few generated deliveries were surveyed");
        Assert.Equal(Routes.Order(), surrogatesCounted.Order());
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
            var answer = JsonNode.Parse(body);
            return answer?["surveyId"] is not null || answer?["status"]?.GetValue<string>() == "ignored" ? null : $"{status} without a survey id";
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

    private sealed record Fuzz(string Route, string Name, byte[] Body, Func<string, byte[], HttpRequestMessage> Build, bool HasLoneSurrogate = false)
    {
        public HttpRequestMessage Request() => Build(Route, Body);
    }

    private Fuzz Generate(Random random, int i)
    {
        var route = Routes[i % Routes.Length];
        return (i / Routes.Length % 10) switch
        {
            0 => Signed(route, "random bytes", RandomBytes(random, random.Next(0, 400))),
            1 => Signed(route, "truncated", Truncate(random, Utf8(Body(route, Valid(i))))),
            2 => Signed(route, "deep nesting", Utf8(new string('[', random.Next(30, 3000)) + new string(']', random.Next(0, 30)))),
            3 => Signed(route, "duplicate keys", Utf8(Body(route, Valid(i)).Replace("{", "{\"dup\":1,\"dup\":2,", StringComparison.Ordinal))),
            4 => Signed(route, "bad utf-8", BadUtf8(random, Utf8(Body(route, Valid(i))))),
            5 => BadHeaders(random, route, Utf8(Body(route, Valid(i)))),
            _ => Mutated(random, route, i),
        };
    }

    /// <summary>The fields of a valid ticket as raw JSON values, keyed by the placeholder each route's body uses.</summary>
    private Dictionary<string, string> Valid(int i) => new()
    {
        ["ticketId"] = Quote($"F-{i}"),
        ["email"] = Quote($"fuzz{i}@example.org"),
        ["name"] = Quote("Fuzz"),
        ["subject"] = Quote("Subject"),
        ["agent"] = Quote("Agent"),
        ["channel"] = Quote("phone"),
        ["resolvedAt"] = Quote(Host.Clock.GetUtcNow().AddHours(-1).ToString("O", CultureInfo.InvariantCulture)),
    };

    private Fuzz Mutated(Random random, string route, int i)
    {
        var fields = Valid(i);
        foreach (var field in fields.Keys.ToList())
        {
            if (random.Next(3) == 0)
            {
                fields[field] = OddValue(random);
            }
        }

        var body = Body(route, fields);
        return Signed(route, "mutated fields", Utf8(body)) with { HasLoneSurrogate = body.Contains("\\ud800", StringComparison.Ordinal) || body.Contains("\\udc00", StringComparison.Ordinal) };
    }

    /// <summary>Each route's body in its helpdesk's own shape, with the fields spliced in as raw JSON.</summary>
    private static string Body(string route, Dictionary<string, string> f) => route switch
    {
        "helpscout" => $$$"""{"id":{{{f["ticketId"]}}},"status":"closed","subject":{{{f["subject"]}}},"type":{{{f["channel"]}}},"closedAt":{{{f["resolvedAt"]}}},"primaryCustomer":{"email":{{{f["email"]}}},"first":{{{f["name"]}}}},"assignee":{"first":{{{f["agent"]}}}}}""",
        "jira" => $$$"""{"webhookEvent":"jira:issue_updated","issue":{"key":{{{f["ticketId"]}}},"fields":{"summary":{{{f["subject"]}}},"resolutiondate":{{{f["resolvedAt"]}}},"reporter":{"emailAddress":{{{f["email"]}}},"displayName":{{{f["name"]}}}},"assignee":{"displayName":{{{f["agent"]}}} } } },"changelog":{"items":[{"field":"resolution","to":"10000"}]}}""",
        "zammad" => $$$"""{"ticket":{"id":{{{f["ticketId"]}}},"state":"closed","title":{{{f["subject"]}}},"create_article_type":{{{f["channel"]}}},"close_at":{{{f["resolvedAt"]}}},"customer":{"email":{{{f["email"]}}},"firstname":{{{f["name"]}}}},"owner":{"id":5,"firstname":{{{f["agent"]}}} } },"article":{}}""",
        "halopsa" => $$$"""{"id":"5b0c3c1e","ticket":{"id":{{{f["ticketId"]}}},"status_id":9,"summary":{{{f["subject"]}}},"dateclosed":{{{f["resolvedAt"]}}},"client_name":{{{f["channel"]}}},"user":{"emailaddress":{{{f["email"]}}},"name":{{{f["name"]}}}},"agent":{"name":{{{f["agent"]}}} } } }""",
        _ => $$$"""{"ticketId":{{{f["ticketId"]}}},"customer":{"email":{{{f["email"]}}},"name":{{{f["name"]}}}},"subject":{{{f["subject"]}}},"agent":{{{f["agent"]}}},"channel":{{{f["channel"]}}},"resolvedAt":{{{f["resolvedAt"]}}}{{{(route is "generic" or "whmcs" ? "" : route == "zendesk" ? ",\"status\":\"solved\"" : ",\"status\":\"resolved\"")}}}}""",
    };

    /// <summary>Odd but mostly legal JSON values, as raw text: escapes stay escapes on the wire.</summary>
    private static string OddValue(Random random) => random.Next(16) switch
    {
        0 => "null",
        1 => random.Next().ToString(CultureInfo.InvariantCulture),
        2 => "1e300",
        3 => random.Next(2) == 0 ? "true" : "false",
        4 => """["x",null]""",
        5 => """{"nested":{"deeper":"x"}}""",
        6 => Quote(new string('x', random.Next(100, 300_000))),
        7 => Quote("👩🏽‍💻 ✓ Ünïcødé 測試 \u200B\u202E مرحبا"),
        8 => "\"\\ud800 lone surrogate\"",
        9 => "\"a\\udc00b\\ud800\"",
        10 => "\"line\\r\\nbreak\\u0000nul\\ttab\\u001b\"",
        11 => Quote("<script>alert(1)</script>@example.org"),
        12 => Quote("2026-13-45T99:99:99Z"),
        13 => Quote(""),
        14 => Quote("Re: " + string.Concat(Enumerable.Repeat("Fw: ", random.Next(50, 400)))),
        _ => Quote("ok@example.org"),
    };

    private static string Quote(string text) => JsonValue.Create(text).ToJsonString();

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

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

    private Fuzz Signed(string route, string name, byte[] body) => new(route, name, body, (r, b) => Request(r, b, null));

    private Fuzz BadHeaders(Random random, string route, byte[] body)
    {
        if (route != "generic")
        {
            return new(route, "signed with another secret", body, (r, b) => Request(r, b, "not-the-secret-0123456789"));
        }

        var now = Host.Clock.GetUtcNow().ToUnixTimeSeconds();
        return random.Next(6) switch
        {
            0 => new(route, "no id", body, (_, b) => Generic(b, "", now.ToString(CultureInfo.InvariantCulture), null)),
            1 => new(route, "timestamp not a number", body, (_, b) => Generic(b, "msg_1", "yesterday", null)),
            2 => new(route, "timestamp huge", body, (_, b) => Generic(b, "msg_1", "99999999999999999999", null)),
            3 => new(route, "signature garbage", body, (_, b) => Generic(b, "msg_1", now.ToString(CultureInfo.InvariantCulture), "v1,!!!notbase64 v1, v2,abc ,,, v1")),
            4 => new(route, "signature of another body", body, (_, b) => Generic(b, "msg_1", now.ToString(CultureInfo.InvariantCulture), PipelineHost.WebhookSecret.Sign("msg_1", now, "{}"u8))),
            _ => new(route, "unicode in headers", body, (_, b) => Generic(b, "msg_ü", now.ToString(CultureInfo.InvariantCulture), null)),
        };
    }

    /// <param name="wrongSecret">Sign with this instead of the route's secret.</param>
    private HttpRequestMessage Request(string route, byte[] body, string? wrongSecret)
    {
        if (route == "generic")
        {
            return Generic(body, "msg_" + Guid.NewGuid().ToString("N"), Host.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), null);
        }

        var request = Post($"/api/tickets/resolved/{route}", body);
        switch (route)
        {
            case "zendesk":
                var timestamp = Host.Clock.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                request.Headers.Add("X-Zendesk-Webhook-Signature", Convert.ToBase64String(HMACSHA256.HashData(Utf8(wrongSecret ?? ZendeskSecret), (byte[])[.. Utf8(timestamp), .. body])));
                request.Headers.Add("X-Zendesk-Webhook-Signature-Timestamp", timestamp);
                request.Headers.Add("X-Zendesk-Webhook-Invocation-Id", Guid.NewGuid().ToString("N"));
                break;
            case "helpscout":
                request.Headers.Add("X-HelpScout-Signature", Convert.ToBase64String(HMACSHA1.HashData(Utf8(wrongSecret ?? HelpScoutSecret), body)));
                request.Headers.Add("X-HelpScout-Event", "convo.status");
                break;
            case "jira":
                request.Headers.Add("X-Hub-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Utf8(wrongSecret ?? JiraSecret), body)));
                request.Headers.Add("X-Atlassian-Webhook-Identifier", Guid.NewGuid().ToString());
                break;
            case "zammad":
                request.Headers.Add("X-Hub-Signature", "sha1=" + Convert.ToHexStringLower(HMACSHA1.HashData(Utf8(wrongSecret ?? ZammadSecret), body)));
                request.Headers.Add("X-Zammad-Delivery", Guid.NewGuid().ToString());
                break;
            case "halopsa":
                request.Headers.Add("Authorization", "Basic " + Convert.ToBase64String(Utf8("fuzz:" + (wrongSecret ?? HaloPsaPassword))));
                break;
            case "freshservice":
                request.Headers.Add("X-Csat-Secret", wrongSecret ?? FreshserviceSecret);
                break;
            case "whmcs":
                // Standard Webhooks as on the generic route; the wrong secret is the generic route's own.
                var id = "msg_" + Guid.NewGuid().ToString("N");
                var signedAt = Host.Clock.GetUtcNow().ToUnixTimeSeconds();
                request.Headers.Add("webhook-id", id);
                request.Headers.Add("webhook-timestamp", signedAt.ToString(CultureInfo.InvariantCulture));
                request.Headers.Add("webhook-signature", (wrongSecret is null ? WhmcsKey : PipelineHost.WebhookSecret).Sign(id, signedAt, body));
                break;
            default:
                request.Headers.Add("X-Csat-Secret", wrongSecret ?? FreshdeskSecret);
                break;
        }

        return request;
    }

    private static HttpRequestMessage Generic(byte[] body, string id, string timestamp, string? signature)
    {
        var request = Post("/api/tickets/resolved", body);
        request.Headers.TryAddWithoutValidation("webhook-id", id);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp);
        var signed = long.TryParse(timestamp, out var seconds) ? seconds : 0;
        request.Headers.TryAddWithoutValidation("webhook-signature", signature ?? PipelineHost.WebhookSecret.Sign(id, signed, body));
        return request;
    }

    private static HttpRequestMessage Post(string path, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return request;
    }
}
