using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Queues;
using CsatFunctions.Tests.Infrastructure;
using CsatFunctions.Tickets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Benchmarks;

/// <summary>
/// The helpdesk routes of the MSP and hosting tools as their vendors call them, against the self-host
/// (its own process, as deployed) and a stub of ConnectWise's and Autotask's APIs:
/// <list type="number">
/// <item>each route's acknowledgement while the API stub takes 3 s to answer anything, beside the
/// generic route measured the same way in the same run;</item>
/// <item>the API calls each surveyed ticket cost;</item>
/// <item>a burst of ConnectWise callbacks, some for the same ticket, drained until every survey is
/// emailed, counting tickets lost and surveyed twice.</item>
/// </list>
/// </summary>
public static class HelpdeskLoadRun
{
    private const string CwPath = "/v4_6_release/apis/3.0";
    private const string CwSigningKey = "benchmark-connectwise-signing-key";
    private const string AtPath = "/atservicesrest/v1.0";
    private const string AtSecret = "benchmark-autotask-secret-key";
    private const string ZammadToken = "benchmark-zammad-hmac-token";
    private const string HaloUser = "csat-webhook";
    private const string HaloPassword = "benchmark-halo-password-0123";
    private const string FreshserviceSecret = "benchmark-freshservice-secret";
    private const string WhmcsSecret = "whsec_YmVuY2htYXJrLXdobWNzLXNlY3JldC0zMi1ieXRlcyEhIQ==";

    /// <summary>Deliveries per route sent one at a time, as a helpdesk's webhook worker sends them.</summary>
    private const int Alone = 100;

    private static readonly WebhookSecret WhmcsKey = WebhookSecret.TryParse(WhmcsSecret, out var key) ? key! : throw new InvalidOperationException("The benchmark's WHMCS secret does not parse.");

    public static async Task RunAsync(string connectionString, int perRoute, int burst)
    {
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var api = await VendorApiStub.StartAsync(MapApi, status => $$$"""{"code":"Error","message":"Status {{{status}}}","errors":["Status {{{status}}}"]}""");
        var prefix = "desk" + Guid.NewGuid().ToString("N")[..8];
        await using var host = await SelfHostProcess.StartAsync(Settings(connectionString, prefix, sendGrid.BaseUrl, api.BaseUrl), SelfHostProcess.FreePort());
        var queues = new QueueServiceClient(connectionString);
        var keyUrl = new Uri(api.BaseUrl, "/callback-keys/benchmark").AbsoluteUri;
        var routes = Routes(keyUrl);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 }) { BaseAddress = host.BaseUrl };

        // Warm every route (and ConnectWise's signing-key cache) while the API answers at once.
        var sent = 0;
        foreach (var (_, build) in routes)
        {
            for (var i = 0; i < 20; i++)
            {
                await AcknowledgeAsync(http, build($"W{sent++}"));
            }
        }

        api.Fault = VendorFault.Slow;
        // The reference runs first and again last: what runs meanwhile in the background (look-ups
        // waiting on the API, then catching up, and every survey being emailed) grows as the run goes on.
        var acknowledgements = new List<(string Route, Latencies Alone, Latencies Concurrent)>();
        foreach (var (route, build) in routes.Append(routes[0]))
        {
            var run = sent;
            var alone = await Latencies.MeasureAsync(Alone, 1, i => AcknowledgeAsync(http, build($"A{run + i}")));
            var concurrent = await Latencies.MeasureAsync(perRoute, 8, i => AcknowledgeAsync(http, build($"A{run + Alone + i}")));
            acknowledgements.Add((route, alone, concurrent));
            sent += Alone + perRoute;
        }

        api.Fault = VendorFault.None;
        var perVendor = 20 + Alone + perRoute;
        await sendGrid.WaitForAsync((routes.Count + 1) * perVendor - 20, TimeSpan.FromMinutes(10));
        var cwCalls = api.Count($"GET {CwPath}/");
        var atCalls = api.Count($"GET {AtPath}/");

        Console.WriteLine();
        Console.WriteLine($"## Helpdesk routes: acknowledgement while the vendor's API takes 3 s ({Alone} deliveries per route one at a time, then {perRoute} 8 at a time; the self-host emailing the surveys meanwhile)");
        Console.WriteLine();
        Console.WriteLine("| route | p50 alone | p99 alone | p50, 8 concurrent | p99, 8 concurrent |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (route, alone, concurrent) in acknowledgements)
        {
            var name = route != "generic" ? "/" + route : ReferenceEquals(acknowledgements[0].Alone, alone) ? " (reference, first)" : " (reference, again last)";
            Console.WriteLine($"| POST /api/tickets/resolved{name} | {alone.P50.TotalMilliseconds:F1} ms | {alone.P99.TotalMilliseconds:F1} ms | {concurrent.P50.TotalMilliseconds:F1} ms | {concurrent.P99.TotalMilliseconds:F1} ms |");
        }

        Console.WriteLine();
        Console.WriteLine($"API calls per surveyed ticket: ConnectWise {cwCalls / (double)perVendor:F2} (the ticket, whose email is on it), Autotask {atCalls / (double)perVendor:F2} (ticket, contact, company, resource); ConnectWise's signing key fetched {api.Count("GET /callback-keys/")} time(s) in all. Surveys emailed: {sendGrid.Received.Count:N0} of {(routes.Count + 1) * perVendor - 20:N0}.");

        await BurstAsync(queues, prefix, sendGrid, http, keyUrl, burst, sendGrid.Received.Count, api);
        var logged = (await host.KillAndReadOutputAsync()).Split('\n');
        // The console logger writes a "warn: Category" line, then the message indented on the next.
        var problems = logged.Index()
            .Where(line => line.Item.StartsWith("warn:", StringComparison.Ordinal) || line.Item.StartsWith("fail:", StringComparison.Ordinal) || line.Item.StartsWith("crit:", StringComparison.Ordinal))
            .Select(line => line.Index + 1 < logged.Length ? logged[line.Index + 1].Trim() : line.Item)
            .ToList();
        Console.WriteLine();
        Console.WriteLine($"The self-host logged {problems.Count} warnings or errors in the whole run{(problems.Count == 0 ? "." : ", first: " + string.Join(" | ", problems.Take(2)))}");
    }

    /// <summary>
    /// <paramref name="callbacks"/> ConnectWise callbacks, 32 at a time, one in five a repeat of an
    /// earlier ticket's (ConnectWise calls back on every update), until every ticket's survey is
    /// emailed; then the queues are left to settle and the emails counted per address.
    /// </summary>
    private static async Task BurstAsync(QueueServiceClient queues, string prefix, SendGridStub sendGrid, HttpClient http, string keyUrl, int callbacks, int before, VendorApiStub api)
    {
        var tickets = callbacks * 4 / 5;
        var readsBefore = api.Count($"GET {CwPath}/service/tickets/");
        var watch = Stopwatch.StartNew();
        await Latencies.MeasureAsync(callbacks, 32, i => AcknowledgeAsync(http, ConnectWiseCallback($"B{(i < tickets ? i : (i - tickets) * 4)}", keyUrl)));
        var acknowledged = watch.Elapsed;
        await sendGrid.WaitForAsync(before + tickets, TimeSpan.FromMinutes(10));
        var emailed = watch.Elapsed;
        // Settled: nothing waits to be looked up or emailed, so any email still to come would be a second one.
        foreach (var queue in new[] { QueueStepList.HelpdeskLookups, QueueStepList.Surveys })
        {
            var client = queues.GetQueueClient($"{prefix}-{queue}");
            await Eventually.TrueAsync(async () => (await client.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, $"the {queue} queue to drain", TimeSpan.FromMinutes(5));
        }

        var addresses = sendGrid.Received.Skip(before).Select(mail => mail.Json["personalizations"]![0]!["to"]![0]!["email"]!.GetValue<string>()).ToList();
        var poisoned = (await queues.GetQueueClient($"{prefix}-{QueueStepList.HelpdeskLookups}-poison").GetPropertiesAsync()).Value.ApproximateMessagesCount;

        Console.WriteLine();
        Console.WriteLine($"## A burst of {callbacks:N0} ConnectWise callbacks for {tickets:N0} closed tickets (32 concurrent, API answering at once)");
        Console.WriteLine();
        Console.WriteLine("| all acknowledged after | all emailed after | tickets emailed | lost | surveyed twice | look-ups poisoned | ticket reads |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        Console.WriteLine($"| {acknowledged.TotalSeconds:F1} s | {emailed.TotalSeconds:F1} s | {addresses.Distinct().Count():N0} | {tickets - addresses.Distinct().Count():N0} | {addresses.Count - addresses.Distinct().Count():N0} | {poisoned} | {api.Count($"GET {CwPath}/service/tickets/") - readsBefore:N0} |");
    }

    private static async Task AcknowledgeAsync(HttpClient http, HttpRequestMessage request)
    {
        using (request)
        using (var response = await http.SendAsync(request))
        {
            if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.OK))
            {
                throw new InvalidOperationException($"{request.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    private static List<(string Route, Func<string, HttpRequestMessage> Build)> Routes(string keyUrl) =>
    [
        ("generic", id => SignedTicket.Request("msg_" + id, Generic(id, "generic"))),
        ("connectwise", id => ConnectWiseCallback(id, keyUrl)),
        ("autotask", AutotaskCallout),
        ("zammad", Zammad),
        ("halopsa", Halo),
        ("freshservice", id => Post("freshservice", Generic(id, "freshservice", "\"status\":\"Resolved\","), ("X-Csat-Secret", FreshserviceSecret))),
        ("whmcs", Whmcs),
    ];

    private static string Generic(string id, string route, string status = "") =>
        $$$"""{{{{status}}}"ticketId":"{{{id}}}","customer":{"email":"{{{route}}}-{{{id}}}@example.org","name":"Customer {{{id}}}"},"subject":"Benchmark","agent":"Agent","company":"Acme Ltd","channel":"phone"}""";

    /// <summary>A ticket id made of digits, for the vendors whose ids are numbers.</summary>
    private static int Number(string id) => (id[0] - 'A' + 1) * 1_000_000 + int.Parse(id[1..], CultureInfo.InvariantCulture);

    /// <summary>A callback as ConnectWise signs it: base64(HMAC-SHA256(SHA-256(signing key), body)).</summary>
    private static HttpRequestMessage ConnectWiseCallback(string id, string keyUrl)
    {
        var entity = $$$"""{"id":{{{Number(id)}}},"closedFlag":true,"status":{"name":"Closed"}}""";
        var body = $$$"""{"MessageId":"{{{Guid.NewGuid()}}}","FromUrl":"api-na.myconnectwise.net","CompanyId":"acme","Action":"updated","Type":"ticket","ID":{{{Number(id)}}},"Entity":{{{System.Text.Json.JsonSerializer.Serialize(entity)}}},"Metadata":{"key_url":"{{{keyUrl}}}"}}""";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(SHA256.HashData(Encoding.UTF8.GetBytes(CwSigningKey)), Encoding.UTF8.GetBytes(body)));
        return Post("connectwise", body, ("x-content-signature", signature));
    }

    /// <summary>A callout as Autotask signs it: "sha1=" + base64(HMAC-SHA1(secret, body)); the body is already in System.Text.Json's default form.</summary>
    private static HttpRequestMessage AutotaskCallout(string id)
    {
        var body = $$$"""{"Action":"Update","Guid":"5f0c8a3e-2b7d-4c1e-9a60-3d2f1e0b7c41","EntityType":"Ticket","Id":{{{Number(id)}}},"Fields":{"status":5},"EventTime":"2026-12-01T15:42:11.527Z","SequenceNumber":{{{Number(id)}}},"PersonID":29682885}""";
        return Post("autotask", body, ("X-Hook-Signature", "sha1=" + Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(AtSecret), Encoding.UTF8.GetBytes(body)))));
    }

    private static HttpRequestMessage Zammad(string id)
    {
        var body = $$$"""{"ticket":{"id":{{{Number(id)}}},"state":"closed","title":"Benchmark","organization":{"name":"Acme Ltd"},"customer":{"email":"zammad-{{{id}}}@example.org","firstname":"Customer"},"owner":{"id":5,"firstname":"Agent"}},"article":{}}""";
        return Post("zammad", body, ("X-Hub-Signature", "sha1=" + Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(ZammadToken), Encoding.UTF8.GetBytes(body)))), ("X-Zammad-Delivery", Guid.NewGuid().ToString()));
    }

    private static HttpRequestMessage Halo(string id)
    {
        var body = $$$"""{"id":"{{{Guid.NewGuid()}}}","ticket":{"id":{{{Number(id)}}},"status_id":9,"summary":"Benchmark","client_name":"Acme Ltd","user":{"emailaddress":"halopsa-{{{id}}}@example.org","name":"Customer"},"agent":{"name":"Agent"} } }""";
        return Post("halopsa", body, ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{HaloUser}:{HaloPassword}"))));
    }

    private static HttpRequestMessage Whmcs(string id)
    {
        var body = Encoding.UTF8.GetBytes(Generic(id, "whmcs", "\"status\":\"Closed\","));
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets/resolved/whmcs") { Content = new ByteArrayContent(body) };
        request.Headers.Add("webhook-id", "msg_" + id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WhmcsKey.Sign("msg_" + id, timestamp, body));
        return request;
    }

    private static HttpRequestMessage Post(string route, string body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets/resolved/" + route) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return request;
    }

    private static Dictionary<string, string?> Settings(string connectionString, string prefix, Uri sendGrid, Uri api)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["Csat:StoragePrefix"] = prefix,
            ["Csat:LinkSigningKey"] = "YmVuY2htYXJrLWxpbmstc2lnbmluZy1rZXktMzItYnl0ZXMhIQ==",
            ["Csat:WebhookRequestsPerMinute"] = "0",
            ["Csat:PublishContainer"] = "off",
            ["SendGrid:ApiKey"] = "SG.benchmark",
            ["SendGrid:BaseUrl"] = sendGrid.AbsoluteUri,
        };
        settings["Csat:Helpdesks:connectwise:ApiUrl"] = new Uri(api, CwPath).AbsoluteUri;
        settings["Csat:Helpdesks:connectwise:CompanyId"] = "acme";
        settings["Csat:Helpdesks:connectwise:PublicKey"] = "Xk2pQ7vLm9RtB4wZ";
        settings["Csat:Helpdesks:connectwise:PrivateKey"] = "Hn5sJ8dF3gK6aP1e";
        settings["Csat:Helpdesks:connectwise:ClientId"] = "0b8e2f6a-1c3d-4e5f-9a7b-2c4d6e8f0a1b";
        settings["Csat:Helpdesks:autotask:Secret"] = AtSecret;
        settings["Csat:Helpdesks:autotask:ApiUrl"] = new Uri(api, AtPath).AbsoluteUri;
        settings["Csat:Helpdesks:autotask:ApiIntegrationCode"] = "TRACKING-ID-CSAT";
        settings["Csat:Helpdesks:autotask:ApiUser"] = "csat-api@msp.example";
        settings["Csat:Helpdesks:autotask:ApiSecret"] = "api-user-secret-0123";
        settings["Csat:Helpdesks:zammad:Secret"] = ZammadToken;
        settings["Csat:Helpdesks:halopsa:User"] = HaloUser;
        settings["Csat:Helpdesks:halopsa:Password"] = HaloPassword;
        settings["Csat:Helpdesks:freshservice:Secret"] = FreshserviceSecret;
        settings["Csat:Helpdesks:whmcs:Secret"] = WhmcsSecret;
        settings["Csat:WebhookSecret"] = SignedTicket.Secret;
        return settings;
    }

    /// <summary>ConnectWise's signing key and tickets, and Autotask's tickets, contacts, companies and resources, made up from the id asked for.</summary>
    private static void MapApi(WebApplication site)
    {
        site.MapGet("/callback-keys/{id}", () => Results.Json(new { signing_key = CwSigningKey }));
        site.MapGet(CwPath + "/service/tickets/{id}", (int id) => Results.Text(
            $$$"""{"id":{{{id}}},"summary":"Benchmark","status":{"id":17,"name":"Closed"},"closedFlag":true,"company":{"id":250,"name":"Acme Ltd"},"contact":{"id":312,"name":"Customer"},"contactName":"Customer","contactEmailAddress":"connectwise-{{{Id(id)}}}@example.org","owner":{"id":148,"name":"Agent"},"source":{"id":2,"name":"Phone"},"closedDate":"2026-11-30T15:42:10Z"}""",
            "application/json"));
        site.MapGet(AtPath + "/Tickets/{id}", (int id) => Results.Text(
            $$$"""{"item":{"id":{{{id}}},"title":"Benchmark","status":5,"source":4,"companyID":174,"contactID":{{{id}}},"assignedResourceID":29682885,"completedDate":"2026-12-01T15:42:10Z"}}""",
            "application/json"));
        site.MapGet(AtPath + "/Contacts/{id}", (int id) => Results.Text($$$"""{"item":{"id":{{{id}}},"emailAddress":"autotask-{{{Id(id)}}}@example.org","firstName":"Customer","lastName":"Example"}}""", "application/json"));
        site.MapGet(AtPath + "/Companies/{id}", () => Results.Text("""{"item":{"id":174,"companyName":"Acme Ltd"}}""", "application/json"));
        site.MapGet(AtPath + "/Resources/{id}", () => Results.Text("""{"item":{"id":29682885,"firstName":"Agent","lastName":"Example"}}""", "application/json"));
    }

    /// <summary>The benchmark's id back from a vendor's number (<see cref="Number"/>), so each ticket's address is its own.</summary>
    private static string Id(int number) => $"{(char)('A' + number / 1_000_000 - 1)}{number % 1_000_000}";
}
